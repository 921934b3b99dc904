using System.Collections;
using System.Reflection;
using System.Reflection.Emit;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Finds which captured variables a lambda really uses. C# puts every variable of a scope that any lambda captures
/// into one compiler-generated closure object, so a lambda also holds the variables its sibling lambdas capture
/// (often the session or a DataFrame). Like Spark's ClosureCleaner, this reads the IL of the lambda (and of the
/// lambdas and local functions it calls or creates, and of nested lambdas reached through used variables) and
/// returns the closure fields it loads or stores; the others are sent as null.
/// </summary>
internal static class ClosureCleaner
{
    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static ClosureCleaner()
    {
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)f.GetValue(null)!;
            var value = (ushort)op.Value;
            if (value < 0x100)
            {
                OneByte[value] = op;
            }
            else if ((value & 0xff00) == 0xfe00)
            {
                TwoByte[value & 0xff] = op;
            }
        }
    }

    /// <summary>The fields of compiler-generated closure classes used by <paramref name="root"/> and what it reaches, as (module, field token).</summary>
    public static HashSet<(Module Module, int Token)> UsedFields(Delegate root)
    {
        var used = new HashSet<(Module, int)>();
        var scanned = new HashSet<MethodBase>();
        bool changed;
        do
        {
            changed = false;
            var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var o = pending.Pop();
                if (!visited.Add(o))
                {
                    continue;
                }

                if (o is Delegate d)
                {
                    foreach (var single in d.GetInvocationList())
                    {
                        changed |= Scan(single.Method, used, scanned);
                        if (single.Target is { } target)
                        {
                            pending.Push(target);
                        }
                    }

                    continue;
                }

                Follow(o, used, pending);
            }
        }
        while (changed);

        return used;
    }

    private static void Follow(object o, HashSet<(Module, int)> used, Stack<object> pending)
    {
        var type = o.GetType();
        if (type.IsPrimitive || type.IsEnum || o is string)
        {
            return;
        }

        if (o is Array array)
        {
            if (!type.GetElementType()!.IsPrimitive)
            {
                foreach (var item in array)
                {
                    Push(item, pending);
                }
            }

            return;
        }

        if (o is IEnumerable items && KilnAssemblies.IsFramework(type.Assembly))
        {
            foreach (var item in items)
            {
                Push(item, pending);
            }

            return;
        }

        if (CapturePolicy.RefusalReason(type) is not null)
        {
            return;
        }

        var closure = LambdaNames.IsClosureClass(type);
        foreach (var f in CapturePolicy.Fields(type))
        {
            if (!closure || used.Contains((f.Module, f.MetadataToken)))
            {
                Push(f.GetValue(o), pending);
            }
        }
    }

    private static void Push(object? value, Stack<object> pending)
    {
        if (value is not null && !value.GetType().IsPrimitive && value is not string)
        {
            pending.Push(value);
        }
    }

    /// <summary>Adds the closure fields a method touches; follows calls into other compiler-generated methods. True when anything was added.</summary>
    private static bool Scan(MethodBase method, HashSet<(Module, int)> used, HashSet<MethodBase> scanned)
    {
        if (!scanned.Add(method) || Body(method) is not { } il)
        {
            return false;
        }

        var added = false;
        var typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (operand, token) in Operands(il))
        {
            try
            {
                if (operand == OperandType.InlineField)
                {
                    var field = method.Module.ResolveField(token, typeArgs, methodArgs);
                    if (field?.DeclaringType is { } owner && LambdaNames.IsClosureClass(owner))
                    {
                        added |= used.Add((field.Module, field.MetadataToken));
                    }
                }
                else if (operand == OperandType.InlineMethod)
                {
                    var callee = method.Module.ResolveMethod(token, typeArgs, methodArgs);
                    if (callee is not null && (callee.Name.StartsWith('<') || (callee.DeclaringType is { } owner && LambdaNames.IsCompilerGenerated(owner))))
                    {
                        added |= Scan(callee, used, scanned);
                    }
                }
            }
            catch (ArgumentException)
            {
                // A token in a generic context this scan cannot resolve: it names no closure field of ours.
            }
        }

        return added;
    }

    private static byte[]? Body(MethodBase method)
    {
        try
        {
            return method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            // A dynamic method (compiled expression tree) has no readable body; it is refused when written.
            return null;
        }
    }

    private static IEnumerable<(OperandType Operand, int Token)> Operands(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            var op = il[i] == 0xFE && i + 1 < il.Length ? TwoByte[il[++i]] : OneByte[il[i]];
            i++;
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod:
                    yield return (op.OperandType, BitConverter.ToInt32(il, i));
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
