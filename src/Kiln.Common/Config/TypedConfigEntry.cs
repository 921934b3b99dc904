namespace Kiln.Common.Config;

/// <summary>A <see cref="ConfigEntry"/> whose values are of type <typeparamref name="T"/>.</summary>
public sealed class TypedConfigEntry<T> : ConfigEntry
    where T : notnull
{
    private readonly Func<string, T> _parse;
    private readonly Func<T, string?>? _validate;
    private readonly Func<T> _default;

    public TypedConfigEntry(
        string key,
        string doc,
        Func<T> defaultValue,
        string defaultText,
        Func<string, T> parse,
        string validValues,
        Func<T, string?>? validate = null,
        string since = "0.1.0",
        params string[] aliases)
        : base(key, doc, since, aliases)
    {
        _default = defaultValue;
        DefaultText = defaultText;
        _parse = parse;
        ValidValues = validValues;
        _validate = validate;
    }

    public override string DefaultText { get; }

    public override string ValidValues { get; }

    public T Default => _default();

    public T Parse(string text)
    {
        var value = _parse(text.Trim());
        if (_validate?.Invoke(value) is { } problem)
        {
            throw new FormatException(problem);
        }

        return value;
    }

    public override object ParseValue(string text) => Parse(text);
}
