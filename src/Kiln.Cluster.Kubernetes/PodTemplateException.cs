using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// An executor pod template that cannot be used: the message names the file, the line and the field where known, and
/// the problem.
/// </summary>
public sealed class PodTemplateException : KilnException
{
    /// <param name="field">The field's path in the template, such as <c>spec.containers[0].resources</c>; null when the problem is the whole file.</param>
    public PodTemplateException(string file, long? line, string? field, string problem, Exception? inner = null)
        : base($"the executor pod template {file}{(line is { } l ? $" (line {l})" : string.Empty)} cannot be used: {problem} (kiln.kubernetes.executor.podTemplateFile)", inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>The line (from 1) of the template the problem is on, where known.</summary>
    public long? Line { get; }

    public string? Field { get; }

    public string Problem { get; }
}
