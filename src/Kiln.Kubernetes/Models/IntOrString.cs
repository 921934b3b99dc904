using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>A value that is either an integer or a string on the wire (a service's targetPort).</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public sealed record IntOrString(int? IntValue, string? StringValue)
{
    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value);

    public override string ToString() => IntValue?.ToString(CultureInfo.InvariantCulture) ?? StringValue ?? "";
}
