using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Staging;
using Kiln.Staging.Client;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// The application's local files on their way through the resource staging server (<c>kiln.kubernetes.stagingServer.uri</c>):
/// the application's directory and its <c>--files</c> become one bundle, uploaded after the dry run has accepted
/// every object and before the driver pod is created. The driver and executor pods fetch it into
/// <see cref="PodStaging.StagedDirectory"/>, so the application's path in the pod is the directory plus its file name.
/// Files given as <c>local://</c> are in the image and are not uploaded.
/// </summary>
public sealed class StagedApplication
{
    private readonly string? _appDirectory;
    private readonly IReadOnlyList<string> _files;
    private readonly Uri _serverUri;
    private readonly string? _caCertificateFile;

    private StagedApplication(string? appDirectory, IReadOnlyList<string> files, Uri serverUri, string? caCertificateFile, StagedBundle bundle, string appInPod, IReadOnlyList<string> filesInPod)
    {
        _appDirectory = appDirectory;
        _files = files;
        _serverUri = serverUri;
        _caCertificateFile = caCertificateFile;
        Bundle = bundle;
        AppInPod = appInPod;
        FilesInPod = filesInPod;
    }

    /// <summary>How the pods mount and fetch the bundle.</summary>
    public StagedBundle Bundle { get; }

    /// <summary>The application's path in the pods.</summary>
    public string AppInPod { get; }

    /// <summary>The <c>--files</c> as the driver pod sees them.</summary>
    public IReadOnlyList<string> FilesInPod { get; }

    /// <summary>
    /// What goes through the staging server, or null when no server is set or every file is in the image.
    /// </summary>
    /// <exception cref="ConfigException">A file does not exist, or an upload path is set as well.</exception>
    public static StagedApplication? Plan(KilnConf conf, string app, IReadOnlyList<string> files, string driverPodName)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        var uri = conf.Get(StagingConfigKeys.ServerUri);
        if (uri.Length == 0 || (ApplicationUpload.InImage(app) && files.All(ApplicationUpload.InImage)))
        {
            return null;
        }

        if (conf.Get(DriverConfigKeys.FileUploadPath).Length > 0)
        {
            throw new ConfigException(
                StagingConfigKeys.ServerUri.Key,
                $"both {StagingConfigKeys.ServerUri.Key} and {DriverConfigKeys.FileUploadPath.Key} are set; they are two ways to get local files to the pods, so set only one");
        }

        ApplicationUpload.CheckLocalFilesExist(app, files);
        var local = files.Where(f => !ApplicationUpload.InImage(f)).Select(Path.GetFullPath).ToList();

        foreach (var clash in local.GroupBy(Path.GetFileName, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new ConfigException("--files", $"--files names two files called {clash.Key} ({string.Join(", ", clash)}); they would land at the same path in the pods");
        }

        var ca = conf.Get(StagingConfigKeys.CaCertFile) is { Length: > 0 } caFile ? caFile : null;
        if (ca is not null && !File.Exists(ca))
        {
            throw new ConfigException(StagingConfigKeys.CaCertFile.Key, $"{StagingConfigKeys.CaCertFile.Key} is {ca}, which does not exist");
        }

        var bundle = new StagedBundle(StagedBundle.SecretNameFor(driverPodName), StagingConfigKeys.PodUri(conf), ca is not null);
        var appInPod = ApplicationUpload.InImage(app) ? app : $"{PodStaging.StagedDirectory}/{Path.GetFileName(app)}";
        var filesInPod = files.Select(f => ApplicationUpload.InImage(f) ? f : $"{PodStaging.StagedDirectory}/{Path.GetFileName(f)}").ToList();
        var appDirectory = ApplicationUpload.InImage(app) ? null : Path.GetDirectoryName(Path.GetFullPath(app));
        return new StagedApplication(appDirectory, local, new Uri(uri), ca, bundle, appInPod, filesInPod);
    }

    /// <summary>Uploads the bundle and returns it with the Secret that lets the pods fetch it.</summary>
    /// <exception cref="StagingException">The server cannot be reached or refused the upload.</exception>
    public async Task<(StagedResource Resource, V1Secret Secret)> UploadAsync(string ns, string appId, CancellationToken cancellationToken)
    {
        using var client = Client();
        var resource = await client.UploadAsync(_appDirectory, _files, appId, cancellationToken).ConfigureAwait(false);
        var ca = _caCertificateFile is null ? null : await File.ReadAllTextAsync(_caCertificateFile, cancellationToken).ConfigureAwait(false);
        return (resource, Bundle.Secret(ns, appId, resource.ResourceId, resource.ResourceSecret, ca));
    }

    /// <summary>Deletes an uploaded bundle whose submission failed; a failure to do so is reported, not thrown.</summary>
    public async Task<string?> TryDeleteAsync(StagedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            using var client = Client();
            await client.DeleteAsync(resource.ResourceId, resource.ResourceSecret, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (StagingException e)
        {
            return e.Message;
        }
    }

    /// <summary>What is uploaded, for the submitter's console.</summary>
    public string Describe() =>
        (_appDirectory is null ? "" : $"the application's directory {_appDirectory}") + (_appDirectory is not null && _files.Count > 0 ? " and " : "") + (_files.Count > 0 ? $"{_files.Count} file(s) given with --files" : "");

    private StagingClient Client() => new(_serverUri, new StagingClientOptions { CaCertificateFile = _caCertificateFile });
}
