using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Planning;

/// <summary>Replaces attribute references by ordinals in an operator's input (<see cref="BoundRef"/>) and strips aliases.</summary>
public static class ExprBinder
{
    public static Expr Bind(Expr expr, IReadOnlyList<AttributeRef> input)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(input);
        var ordinals = new Dictionary<long, int>();
        for (var i = input.Count - 1; i >= 0; i--)
        {
            ordinals[input[i].Id] = i;
        }

        var unaliased = expr is Alias a ? a.Child : expr;
        return unaliased.Transform(e => e switch
        {
            AttributeRef r when ordinals.TryGetValue(r.Id, out var ordinal) => new BoundRef(ordinal, r.Type, r.Nullable, r.Name),
            AttributeRef r => throw new InvalidOperationException($"internal planning error: '{r}' is not among the operator's inputs [{string.Join(", ", input)}]"),
            Alias inner => inner.Child,
            _ => e,
        });
    }

    public static Schema SchemaOf(IReadOnlyList<AttributeRef> output) =>
        new(output.Select(a => new Field(a.Name, a.Type, a.Nullable)));
}
