using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes;

/// <summary>An executor pod template that cannot be used: the message names the file, the line where known, and the problem.</summary>
public sealed class PodTemplateException : KilnException
{
    public PodTemplateException(string file, long? line, string problem, Exception? inner = null)
        : base($"the executor pod template {file}{(line is { } l ? $" (line {l})" : string.Empty)} cannot be used: {problem} (kiln.kubernetes.executor.podTemplateFile)", inner)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }

    public long? Line { get; }

    public string Problem { get; }
}
