using Kiln.DataSources.Values;

namespace Kiln.DataSources.Json;

/// <summary>Bound JSON lines read and write options; <see cref="Parse"/> reads them from the user's string options.</summary>
public sealed record JsonOptions
{
    private static readonly string[] Known =
    [
        "dateFormat", "timestampFormat", "samplingRatio", "mode", "columnNameOfCorruptRecord", "encoding", "charset",
    ];

    public DateTimePattern DateFormat { get; init; } = DateTimePattern.Compile(Csv.CsvOptions.DefaultDateFormat, withTime: false);

    public DateTimePattern TimestampFormat { get; init; } = DateTimePattern.Compile(Csv.CsvOptions.DefaultTimestampFormat, withTime: true);

    public double SamplingRatio { get; init; } = 1.0;

    public ParseMode Mode { get; init; } = ParseMode.Permissive;

    public string ColumnNameOfCorruptRecord { get; init; } = "_corrupt_record";

    public static JsonOptions Default { get; } = new();

    /// <summary>Binds options by case-insensitive name; unknown names and bad values raise <see cref="Errors.InvalidOptionException"/>.</summary>
    public static JsonOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(options, "JSON", Known);
        r.RequireUtf8();
        return new JsonOptions
        {
            DateFormat = r.Pattern("dateFormat", Csv.CsvOptions.DefaultDateFormat, withTime: false),
            TimestampFormat = r.Pattern("timestampFormat", Csv.CsvOptions.DefaultTimestampFormat, withTime: true),
            SamplingRatio = r.Ratio("samplingRatio", 1.0),
            Mode = r.Mode(),
            ColumnNameOfCorruptRecord = r.String("columnNameOfCorruptRecord", "_corrupt_record"),
        };
    }
}
