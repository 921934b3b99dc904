using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// Gets a local application to where its driver pod can load it: <c>local://</c> paths are in the image and stay as
/// they are; otherwise the application's directory and its <c>--files</c> are copied into a new sub-directory of
/// <c>kiln.kubernetes.file.upload.path</c>, a directory the submitter and the pods see at the same path. The copy is
/// made under a temporary name and renamed when complete, so a pod never sees half an upload.
/// </summary>
public static class ApplicationUpload
{
    public const string LocalScheme = "local://";

    /// <summary>The application's path and its files' paths as the driver pod will see them.</summary>
    /// <exception cref="ConfigException">A file is local and there is nowhere to upload it, or it does not exist.</exception>
    public static (string App, IReadOnlyList<string> Files) Stage(string app, IReadOnlyList<string> files, string uploadPath, string appId)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        if (InImage(app) && files.All(InImage))
        {
            return (app, files);
        }

        CheckLocalFilesExist(app, files);
        Require(uploadPath, InImage(app) ? files.First(f => !InImage(f)) : app);
        if (!Directory.Exists(uploadPath))
        {
            throw new ConfigException(DriverConfigKeys.FileUploadPath.Key, $"{DriverConfigKeys.FileUploadPath.Key} is {uploadPath}, which does not exist here; mount the volume the pods share at that path, or create the directory");
        }

        var target = Path.Combine(Path.GetFullPath(uploadPath), $"kiln-upload-{appId}");
        var partial = target + ".partial";
        Directory.CreateDirectory(partial);
        try
        {
            if (!InImage(app))
            {
                CopyDirectory(Path.GetDirectoryName(Path.GetFullPath(app))!, Path.Combine(partial, "app"));
            }

            var staged = new List<string>();
            foreach (var file in files)
            {
                if (InImage(file))
                {
                    staged.Add(file);
                    continue;
                }

                Directory.CreateDirectory(Path.Combine(partial, "files"));
                File.Copy(Path.GetFullPath(file), Path.Combine(partial, "files", Path.GetFileName(file)), overwrite: true);
                staged.Add(Path.Combine(target, "files", Path.GetFileName(file)));
            }

            Directory.Move(partial, target);
            return (InImage(app) ? app : Path.Combine(target, "app", Path.GetFileName(app)), staged);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>A <c>local://</c> path: in the image, nothing to upload.</summary>
    public static bool InImage(string path) => path.StartsWith(LocalScheme, StringComparison.Ordinal);

    /// <summary>The application and every <c>--files</c> entry that is not in the image exist on this machine.</summary>
    /// <exception cref="ConfigException">One does not; the message names it.</exception>
    public static void CheckLocalFilesExist(string app, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        if (!InImage(app) && !File.Exists(app))
        {
            throw new ConfigException("kiln.submit", $"the application '{app}' does not exist on this machine; give the path of the application's .dll, or local:///path/App.dll for one inside the image");
        }

        foreach (var file in files.Where(f => !InImage(f) && !File.Exists(f)))
        {
            throw new ConfigException("--files", $"the file '{file}' given with --files does not exist");
        }
    }

    private static void Require(string uploadPath, string what)
    {
        if (uploadPath.Length == 0)
        {
            throw new ConfigException(
                DriverConfigKeys.FileUploadPath.Key,
                $"'{what}' is on this machine, and the driver pod cannot see this machine's files: use local:///path for a file inside the image, set kiln.kubernetes.stagingServer.uri to a resource staging server (kubectl apply -k deploy/kubernetes runs one), or set {DriverConfigKeys.FileUploadPath.Key} to a directory that this machine and the pods mount at the same path (a PVC, hostPath or NFS volume, also given to the pods with kiln.kubernetes.driver.volumes.* and kiln.kubernetes.executor.volumes.*)");
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
