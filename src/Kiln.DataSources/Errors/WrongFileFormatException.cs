using Kiln.Common.Errors;

namespace Kiln.DataSources.Errors;

/// <summary>A reader was given a file in another format (recognised by its magic bytes), such as a Parquet file read as CSV.</summary>
public sealed class WrongFileFormatException : KilnException
{
    public WrongFileFormatException(string path, string requestedFormat, string detectedFormat)
        : base($"File '{path}' is a {detectedFormat} file, not {requestedFormat}; read it as {detectedFormat} " +
            $"(session.Read.{char.ToUpperInvariant(detectedFormat[0])}{detectedFormat[1..]}(...), Format(\"{detectedFormat}\"), or kiln sql --table name=path:{detectedFormat}).")
    {
        Path = path;
        RequestedFormat = requestedFormat;
        DetectedFormat = detectedFormat;
    }

    public string Path { get; }

    public string RequestedFormat { get; }

    public string DetectedFormat { get; }
}
