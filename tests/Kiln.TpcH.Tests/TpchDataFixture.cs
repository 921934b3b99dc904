using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kiln.Common.Config;

namespace Kiln.TpcH.Tests;

/// <summary>
/// The SF 0.1 data set, as CSV and as Parquet, and DuckDB's answers over each, generated once and cached under
/// <see cref="RepoPaths.Cache"/> (data keyed by generator version and scale factor; answers also by the query texts and
/// the DuckDB runner), plus Kiln sessions with the eight tables registered from either form.
/// </summary>
/// <remarks>
/// A cross-process lock file serializes preparation, so concurrent test runs share one cache. When DuckDB's answers
/// cannot be computed (no node, no bench/node_modules) the oracle tests fail with that reason; the rest still run.
/// </remarks>
public sealed class TpchDataFixture : IDisposable
{
    public const double ScaleFactor = 0.1;

    private readonly Exception? _answersFailure;
    private readonly Exception? _parquetAnswersFailure;

    public TpchDataFixture()
    {
        var sf = ScaleFactor.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(RepoPaths.Cache);
        using (AcquireLock())
        {
            DataDirectory = Path.Combine(RepoPaths.Cache, $"sf{sf}-v{TpchGenerator.Version}");
            if (TpchManifest.TryRead(DataDirectory) is not { } manifest || manifest.Version != TpchGenerator.Version)
            {
                TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = ScaleFactor, OutputDirectory = DataDirectory, Overwrite = true });
            }

            ParquetDirectory = DataDirectory + "-parquet";
            if (TpchManifest.TryRead(ParquetDirectory) is not { } parquet || parquet.Version != TpchGenerator.Version)
            {
                TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = ScaleFactor, OutputDirectory = ParquetDirectory, Overwrite = true, Format = "parquet", Threads = 2 });
            }

            AnswersDirectory = Path.Combine(RepoPaths.Cache, $"answers-sf{sf}-v{TpchGenerator.Version}-{AnswersKey()}");
            _answersFailure = PrepareAnswers(DataDirectory, AnswersDirectory);
            ParquetAnswersDirectory = Path.Combine(RepoPaths.Cache, $"answers-parquet-sf{sf}-v{TpchGenerator.Version}-{AnswersKey()}");
            _parquetAnswersFailure = PrepareAnswers(ParquetDirectory, ParquetAnswersDirectory);
        }

        var conf = new KilnConf();
        conf.Set(ConfigKeys.Master.Key, "local[2]");
        conf.Set(ConfigKeys.ShowProgress.Key, "false");
        Session = KilnSession.Create(conf);
        TpchTables.Register(Session, DataDirectory);
        ParquetSession = KilnSession.Create(conf);
        TpchTables.Register(ParquetSession, ParquetDirectory);
        _clusterSession = new Lazy<KilnSession>(() => CreateClusterSession(DataDirectory));
        _parquetClusterSession = new Lazy<KilnSession>(() => CreateClusterSession(ParquetDirectory));
    }

    public string DataDirectory { get; }

    /// <summary>The same data as <see cref="DataDirectory"/> as Parquet (<c>kiln datagen tpch --format parquet</c>).</summary>
    public string ParquetDirectory { get; }

    public string AnswersDirectory { get; }

    /// <summary>DuckDB's answers over the Parquet files.</summary>
    public string ParquetAnswersDirectory { get; }

    public KilnSession Session { get; }

    /// <summary>A local session with the tables read from the Parquet directories.</summary>
    public KilnSession ParquetSession { get; }

    /// <summary>
    /// A session on a local cluster of two executor processes with the same tables, started on first use. Several
    /// shuffle partitions and no broadcast joins, so every join and aggregation moves data between the executors.
    /// </summary>
    public KilnSession ClusterSession => _clusterSession.Value;

    /// <summary>As <see cref="ClusterSession"/>, with the tables read from the Parquet directories.</summary>
    public KilnSession ParquetClusterSession => _parquetClusterSession.Value;

    private readonly Lazy<KilnSession> _clusterSession;
    private readonly Lazy<KilnSession> _parquetClusterSession;

    /// <summary>DuckDB's answer to a query over the CSV files; throws with the reason when answers could not be computed.</summary>
    internal TpchAnswer Answer(string query) => Answer(query, AnswersDirectory, _answersFailure);

    /// <summary>DuckDB's answer to a query over the Parquet files.</summary>
    internal TpchAnswer ParquetAnswer(string query) => Answer(query, ParquetAnswersDirectory, _parquetAnswersFailure);

    private static TpchAnswer Answer(string query, string directory, Exception? failure)
    {
        if (failure is not null)
        {
            throw new InvalidOperationException($"DuckDB's answers are unavailable: {failure.Message}", failure);
        }

        return TpchAnswer.Load(Path.Combine(directory, $"{query}.json"));
    }

    public void Dispose()
    {
        Session.Dispose();
        ParquetSession.Dispose();
        foreach (var cluster in new[] { _clusterSession, _parquetClusterSession })
        {
            if (cluster.IsValueCreated)
            {
                cluster.Value.Dispose();
            }
        }
    }

    private static KilnSession CreateClusterSession(string dataDirectory)
    {
        var conf = new KilnConf();
        conf.Set(ConfigKeys.Master.Key, "local-cluster[2,1,1024]");
        conf.Set(ConfigKeys.ShowProgress.Key, "false");
        conf.Set("kiln.sql.shuffle.partitions", "4");
        conf.Set("kiln.sql.autoBroadcastJoinThreshold", "-1");
        var session = KilnSession.Create(conf);
        TpchTables.Register(session, dataDirectory);
        return session;
    }

    /// <summary>A hash of everything DuckDB's answers depend on besides the data: query texts, runner, DuckDB version.</summary>
    private static string AnswersKey()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var inputs = Directory.GetFiles(RepoPaths.Queries, "*.sql").Order(StringComparer.Ordinal)
            .Append(RepoPaths.DuckDbRunner)
            .Append(Path.Combine(RepoPaths.Bench, "package.json"));
        foreach (var file in inputs)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>Computes DuckDB's answers over a data directory unless cached; the failure, if any, for the oracle tests to report.</summary>
    private static Exception? PrepareAnswers(string dataDirectory, string answersDirectory)
    {
        try
        {
            if (!File.Exists(Path.Combine(answersDirectory, "_complete")))
            {
                ComputeAnswers(dataDirectory, answersDirectory);
            }

            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return e;
        }
    }

    private static void ComputeAnswers(string dataDirectory, string answersDirectory)
    {
        var temp = answersDirectory + ".tmp";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        var output = DuckDbNode.Run(RepoPaths.Bench, Path.GetFileName(RepoPaths.DuckDbRunner), ["answers", dataDirectory, temp], TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(temp, "_complete"), output);
        if (Directory.Exists(answersDirectory))
        {
            Directory.Delete(answersDirectory, recursive: true);
        }

        Directory.Move(temp, answersDirectory);
    }

    private static FileStream AcquireLock()
    {
        var path = Path.Combine(RepoPaths.Cache, ".lock");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromMinutes(20))
            {
                Thread.Sleep(200);
            }
        }
    }
}
