namespace Kiln.Common.Config;

/// <summary>
/// Marks an assembly that declares configuration entries beside its code: <paramref name="entriesType"/> has a public
/// static property <c>All</c> of type <c>IReadOnlyList&lt;ConfigEntry&gt;</c>. See <see cref="ConfigModules"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ConfigModuleAttribute(Type entriesType) : Attribute
{
    public Type EntriesType { get; } = entriesType;
}
