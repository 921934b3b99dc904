namespace Kiln.Staging.Tests.TestSupport;

/// <summary>Files of this repository, found from the test's output directory upwards.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Kiln.sln above {AppContext.BaseDirectory}");
    }
}
