namespace Kiln.Tests.Parquet;

/// <summary>A test's scratch directory and a two-thread session; both removed when the test ends.</summary>
public abstract class ParquetFixture : IDisposable
{
    protected ParquetFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), "kiln-parquet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Session = KilnSession.Builder().Master("local[2]").Config(Common.Config.ConfigKeys.ShowProgress.Key, "false").GetOrCreate();
    }

    protected string Dir { get; }

    protected KilnSession Session { get; }

    protected string PathOf(string name) => Path.Combine(Dir, name);

    public void Dispose()
    {
        Session.Dispose();
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
