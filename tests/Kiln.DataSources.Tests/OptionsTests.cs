using Kiln.DataSources.Csv;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Json;

namespace Kiln.DataSources.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Csv_options_parse_case_insensitively()
    {
        var o = CsvOptions.Parse(new Dictionary<string, string>
        {
            ["HEADER"] = "true", ["Sep"] = "|", ["quote"] = "'", ["escape"] = "\\", ["nullValue"] = "NA", ["dateFormat"] = "dd.MM.yyyy",
            ["timestampformat"] = "yyyy-MM-dd'T'HH:mm", ["inferSchema"] = "TRUE", ["samplingRatio"] = "0.5", ["mode"] = "failfast",
            ["columnNameOfCorruptRecord"] = "bad", ["encoding"] = "utf-8", ["multiLine"] = "true",
        });
        Assert.True(o.Header);
        Assert.Equal('|', o.Delimiter);
        Assert.Equal('\'', o.Quote);
        Assert.Equal('\\', o.Escape);
        Assert.Equal("NA", o.NullValue);
        Assert.Equal("dd.MM.yyyy", o.DateFormat.Text);
        Assert.Equal("yyyy-MM-dd'T'HH:mm", o.TimestampFormat.Text);
        Assert.True(o.InferSchema);
        Assert.Equal(0.5, o.SamplingRatio);
        Assert.Equal(ParseMode.FailFast, o.Mode);
        Assert.Equal("bad", o.ColumnNameOfCorruptRecord);
        Assert.True(o.MultiLine);
        Assert.Equal('\'', CsvOptions.Parse(new Dictionary<string, string> { ["quote"] = "'" }).Escape);
        Assert.Equal(CsvOptions.Default.Delimiter, CsvOptions.Parse(null).Delimiter);
    }

    [Theory]
    [InlineData("delimeter", ",", null)]
    [InlineData("header", "yes", "yes")]
    [InlineData("delimiter", ";;", ";;")]
    [InlineData("mode", "LENIENT", "LENIENT")]
    [InlineData("samplingRatio", "0", "0")]
    [InlineData("encoding", "latin1", "latin1")]
    [InlineData("dateFormat", "yyyy-QQ", "yyyy-QQ")]
    public void Bad_csv_options_name_the_option(string name, string value, string? rejected)
    {
        var ex = Assert.Throws<InvalidOptionException>(() => CsvOptions.Parse(new Dictionary<string, string> { [name] = value }));
        Assert.Equal(rejected, ex.Value);
        Assert.Contains(rejected is null ? name : ex.Option, ex.Message, StringComparison.Ordinal);
        if (rejected is null)
        {
            Assert.Contains("did you mean 'delimiter'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_options_reject_unknown_names_and_non_utf8()
    {
        Assert.Equal("header", Assert.Throws<InvalidOptionException>(() => JsonOptions.Parse(new Dictionary<string, string> { ["header"] = "true" })).Option);
        Assert.Equal("encoding", Assert.Throws<InvalidOptionException>(() => JsonOptions.Parse(new Dictionary<string, string> { ["charset"] = "UTF-16" })).Option);
        Assert.Equal(ParseMode.DropMalformed, JsonOptions.Parse(new Dictionary<string, string> { ["MODE"] = "DropMalformed" }).Mode);
    }
}
