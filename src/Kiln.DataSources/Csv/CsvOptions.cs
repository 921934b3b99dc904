using Kiln.DataSources.Values;

namespace Kiln.DataSources.Csv;

/// <summary>Bound CSV read and write options; <see cref="Parse"/> reads them from the user's string options.</summary>
public sealed record CsvOptions
{
    public const string DefaultDateFormat = "yyyy-MM-dd";
    public const string DefaultTimestampFormat = "yyyy-MM-dd HH:mm:ss[.ffffff]";

    private static readonly string[] Known =
    [
        "header", "delimiter", "sep", "quote", "escape", "nullValue", "dateFormat", "timestampFormat", "inferSchema",
        "samplingRatio", "mode", "columnNameOfCorruptRecord", "encoding", "charset", "multiLine",
    ];

    public bool Header { get; init; }

    public char Delimiter { get; init; } = ',';

    public char Quote { get; init; } = '"';

    /// <summary>The character that escapes a quote inside a quoted field; the default, the quote itself, means doubled quotes.</summary>
    public char Escape { get; init; } = '"';

    /// <summary>Text read as null (besides an empty unquoted field) and written for nulls.</summary>
    public string NullValue { get; init; } = string.Empty;

    public DateTimePattern DateFormat { get; init; } = DateTimePattern.Compile(DefaultDateFormat, withTime: false);

    public DateTimePattern TimestampFormat { get; init; } = DateTimePattern.Compile(DefaultTimestampFormat, withTime: true);

    public bool InferSchema { get; init; }

    public double SamplingRatio { get; init; } = 1.0;

    public ParseMode Mode { get; init; } = ParseMode.Permissive;

    public string ColumnNameOfCorruptRecord { get; init; } = "_corrupt_record";

    /// <summary>Quoted fields may contain line breaks; each file is then read as one split.</summary>
    public bool MultiLine { get; init; }

    public static CsvOptions Default { get; } = new();

    /// <summary>Binds options by case-insensitive name; unknown names and bad values raise <see cref="Errors.InvalidOptionException"/>.</summary>
    public static CsvOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(options, "CSV", Known);
        r.RequireUtf8();
        var quote = (char)r.SingleByte("\"", "quote");
        var result = new CsvOptions
        {
            Header = r.Bool("header", false),
            Delimiter = (char)r.SingleByte(",", "delimiter", "sep"),
            Quote = quote,
            Escape = (char)r.SingleByte(quote.ToString(), "escape"),
            NullValue = r.String("nullValue", string.Empty),
            DateFormat = r.Pattern("dateFormat", DefaultDateFormat, withTime: false),
            TimestampFormat = r.Pattern("timestampFormat", DefaultTimestampFormat, withTime: true),
            InferSchema = r.Bool("inferSchema", false),
            SamplingRatio = r.Ratio("samplingRatio", 1.0),
            Mode = r.Mode(),
            ColumnNameOfCorruptRecord = r.String("columnNameOfCorruptRecord", "_corrupt_record"),
            MultiLine = r.Bool("multiLine", false),
        };
        if (result.Delimiter == result.Quote)
        {
            throw new Errors.InvalidOptionException("delimiter", result.Delimiter.ToString(), "Options 'delimiter' and 'quote' must differ.");
        }

        return result;
    }
}
