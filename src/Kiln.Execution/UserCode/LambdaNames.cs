using System.Reflection;
using System.Runtime.CompilerServices;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Human names for compiler-generated code, for messages: a lambda is named after the method it is written in
/// (<c>lambda in Program.Main</c>), captured variables after the variable (<c>this</c>, <c>conn</c>), and the
/// compiler's hops between nested closure scopes are left out.
/// </summary>
public static class LambdaNames
{
    /// <summary><c>lambda in Type.Method</c> for lambdas and local functions, <c>method Type.Method</c> otherwise.</summary>
    public static string Describe(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var type = method.DeclaringType;
        while (type is not null && IsCompilerGenerated(type) && type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var typeName = type is null ? "<global>" : TypeName(type);
        var name = method.Name;
        if (name.StartsWith('<'))
        {
            var outer = EnclosingMethod(name);
            var kind = name.Contains(">g__", StringComparison.Ordinal) ? "local function" : "lambda";
            return $"{kind} in {typeName}.{outer}";
        }

        return $"method {typeName}.{name}";
    }

    /// <summary>The name a C# reader knows a field by, or null for the compiler's hop to an enclosing scope's closure.</summary>
    public static string? FieldName(FieldInfo field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = field.Name;
        if (name == "<>4__this")
        {
            return "this";
        }

        if (name.Contains("<>8__locals", StringComparison.Ordinal))
        {
            return null;
        }

        if (name.StartsWith('<'))
        {
            var end = name.IndexOf('>', StringComparison.Ordinal);
            return end > 1 ? name[1..end] : name;
        }

        return name;
    }

    /// <summary>Whether the type is one of the compiler's closure classes (<c>&lt;&gt;c__DisplayClass…</c>, <c>&lt;&gt;c</c>), whose fields are captured variables.</summary>
    public static bool IsClosureClass(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Name.StartsWith("<>c", StringComparison.Ordinal);
    }

    public static bool IsCompilerGenerated(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
    }

    /// <summary>A type's C# name without namespace: <c>Outer.Inner&lt;Int32&gt;</c>.</summary>
    public static string TypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0)
        {
            name = name[..tick];
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            name += "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
        }

        return type.DeclaringType is { } outer && !type.IsGenericParameter ? TypeName(outer) + "." + name : name;
    }

    private static string EnclosingMethod(string generatedName)
    {
        // <Main>b__0_0, <<Main>$>b__0_0 (top-level statements), <Run>g__Local|0_0
        var depth = 0;
        for (var i = 0; i < generatedName.Length; i++)
        {
            if (generatedName[i] == '<')
            {
                depth++;
            }
            else if (generatedName[i] == '>' && --depth == 0)
            {
                var inner = generatedName[1..i];
                return inner == "<Main>$" ? "Main" : inner;
            }
        }

        return generatedName;
    }
}
