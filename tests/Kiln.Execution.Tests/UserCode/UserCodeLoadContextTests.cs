using System.Runtime.Loader;
using Kiln.Execution.UserCode;

namespace Kiln.Execution.Tests.UserCode;

/// <summary>An executor loads the application's assemblies from its shipped files, in their own load context.</summary>
public sealed class UserCodeLoadContextTests : IDisposable
{
    private readonly string _appDir = Path.Combine(Path.GetTempPath(), "kiln-app-" + Guid.NewGuid().ToString("N"));

    public UserCodeLoadContextTests()
    {
        Directory.CreateDirectory(_appDir);
        var own = typeof(UserCodeLoadContextTests).Assembly.Location;
        File.Copy(own, Path.Combine(_appDir, Path.GetFileName(own)));
    }

    public sealed record Scale(double Factor);

    [Fact]
    public void A_closure_resolves_in_the_application_context_and_engine_types_stay_shared()
    {
        var scale = new Scale(2.5);
        var suffix = "!";
        Func<double, string> f = x => (x * scale.Factor).ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix;
        var loader = new ApplicationCodeLoader([_appDir]);

        var copy = (Func<double, string>)ClosureSerializer.Deserialize(ClosureSerializer.Serialize(f), loader);

        Assert.Equal("5!", copy(2));
        var assembly = copy.Method.Module.Assembly;
        Assert.Same(loader.Context, AssemblyLoadContext.GetLoadContext(assembly));
        Assert.NotSame(typeof(UserCodeLoadContextTests).Assembly, assembly);
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(ClosureSerializer).Assembly));
        Assert.Contains(Path.GetFileNameWithoutExtension(typeof(UserCodeLoadContextTests).Assembly.Location), loader.Context.ApplicationAssemblies);
    }

    [Fact]
    public void Methods_are_resolved_once_per_loader()
    {
        Func<int, int> f = static x => x + 1;
        var loader = new ApplicationCodeLoader([_appDir]);
        var bytes = ClosureSerializer.Serialize(f);
        var a = ClosureSerializer.Deserialize(bytes, loader);
        var b = ClosureSerializer.Deserialize(bytes, loader);
        Assert.Same(a.Method, b.Method);
    }

    [Fact]
    public void The_files_to_ship_are_the_application_assemblies_only()
    {
        var files = ApplicationFiles.LoadedAssemblies();
        Assert.Contains(typeof(UserCodeLoadContextTests).Assembly.Location, files);
        Assert.DoesNotContain(typeof(ClosureSerializer).Assembly.Location, files);
        Assert.DoesNotContain(typeof(object).Assembly.Location, files);
    }

    [Fact]
    public void A_missing_application_path_is_reported()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ApplicationCodeLoader([Path.Combine(_appDir, "missing")]));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_appDir, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (IOException)
        {
            // The loaded assembly file stays mapped on some platforms; the temp directory is cleaned later.
        }
    }
}
