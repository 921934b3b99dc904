using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Execution.Operators;
using Kiln.Execution.Operators.Window;
using Kiln.Execution.Physical;
using Kiln.Execution.Sort;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln.Execution.Planning;

/// <summary>
/// Plans a logical <c>Window</c> as: project PARTITION BY, ORDER BY and argument expressions into columns → hash
/// exchange on the PARTITION BY columns (one partition without PARTITION BY) → sort by partition and order keys
/// → <see cref="WindowExec"/> → drop the projected helper columns.
/// </summary>
internal sealed class WindowPlanner
{
    private readonly PhysicalPlanner _planner;

    public WindowPlanner(PhysicalPlanner planner) => _planner = planner;

    public ExecNode Plan(Kiln.Plan.Logical.Window window)
    {
        var child = _planner.Plan(window.Child);
        var input = window.Child.Output;
        var spec = window.Spec;
        var calls = window.WindowExpressions.Select(e => (WindowExpr)(e is Alias a ? a.Child : e)).ToArray();
        var arguments = calls.Select(ArgumentOf).ToArray();

        // 1. Every key and argument becomes a column.
        var exprs = spec.PartitionBy.Concat(spec.OrderBy.Select(o => o.Expr)).Concat(arguments.OfType<Expr>()).ToArray();
        var (keyed, ordinals, appended) = PhysicalPlanner.WithKeyColumns(child, input, exprs);
        var p = spec.PartitionBy.Count;
        var o = spec.OrderBy.Count;
        var partitionColumns = ordinals.Take(p).ToArray();
        var orderColumns = ordinals.Skip(p).Take(o).ToArray();
        var argumentColumns = new Queue<int>(ordinals.Skip(p + o));

        // 2. Rows of one window partition meet in one task partition.
        ExecNode exchanged = p == 0
            ? (keyed.PartitionCount == 1 ? keyed : new ShuffleExchangeExec(new SinglePartitioning(), keyed))
            : new ShuffleExchangeExec(new HashPartitioning(partitionColumns.Select(c => (Expr)Ref(keyed.Schema, c)).ToArray(), _planner.ShufflePartitions), keyed);

        // 3. Sorted by partition, then order keys.
        var sortKeys = partitionColumns.Select(c => SortKeySpec.Asc(c))
            .Concat(orderColumns.Select((c, i) => new SortKeySpec(c, spec.OrderBy[i].Ascending, spec.OrderBy[i].NullsFirst)))
            .ToArray();
        ExecNode sorted = sortKeys.Length == 0 ? exchanged : new SortExec(sortKeys, null, exchanged);

        // 4. The window operator appends one column per function.
        var functions = calls.Select((c, i) => SpecOf(c, arguments[i] is null ? -1 : argumentColumns.Dequeue())).ToArray();
        var outputs = window.WindowExpressions.Select(e => ((INamedExpr)e).ToAttribute()).ToArray();
        var schema = new Schema(keyed.Schema.Fields.Concat(outputs.Select(a => new Field(a.Name, a.Type, true))));
        var orderKeys = orderColumns.Select((c, i) => (c, spec.OrderBy[i].Ascending)).ToArray();
        var exec = new WindowExec(partitionColumns, orderKeys, functions, schema, sorted);

        // 5. Input columns, then the window columns.
        var keep = Enumerable.Range(0, input.Count).Concat(Enumerable.Range(keyed.Schema.Count, outputs.Length)).ToArray();
        var projections = keep.Select(i => (Expr)Ref(schema, i)).ToArray();
        var result = new Schema(keep.Select(i => schema[i]));
        return appended == 0 ? exec : new ProjectExec(projections, result, exec);
    }

    private static BoundRef Ref(Schema schema, int column) => new(column, schema[column].Type, true, schema[column].Name);

    /// <summary>The expression a function reads as a column, with sums and averages cast to the type they add in.</summary>
    private static Expr? ArgumentOf(WindowExpr call) => call.Function switch
    {
        AggregateExpr { Argument: null } => null,
        AggregateExpr { Function: AggregateFunction.Sum } a => a.Type.Id == TypeId.Decimal ? a.Argument : TypeCoercion.CastTo(a.Argument!, a.Type),
        AggregateExpr { Function: AggregateFunction.Avg } a => a.Type.Id == TypeId.Decimal ? a.Argument : TypeCoercion.CastTo(a.Argument!, DataType.Float64),
        AggregateExpr a => a.Argument,
        WindowFunctionExpr { Kind: WindowFunctionKind.Lag or WindowFunctionKind.Lead or WindowFunctionKind.FirstValue or WindowFunctionKind.LastValue or WindowFunctionKind.NthValue } f => f.Args[0],
        _ => null,
    };

    private static WindowFunctionSpec SpecOf(WindowExpr call, int argument)
    {
        var frame = call.Spec.Frame ?? WindowFrame.WholePartition;
        switch (call.Function)
        {
            case AggregateExpr a:
                var op = a.Function switch
                {
                    AggregateFunction.Count => a.Argument is null ? WindowOp.CountRows : WindowOp.Count,
                    AggregateFunction.Sum => WindowOp.Sum,
                    AggregateFunction.Avg => WindowOp.Avg,
                    AggregateFunction.Min => WindowOp.Min,
                    _ => WindowOp.Max,
                };
                return new WindowFunctionSpec(op, argument, frame, a.Type);
            case WindowFunctionExpr f:
                var parameter = f.Kind switch
                {
                    WindowFunctionKind.Ntile => Constant(f.Args[0]),
                    WindowFunctionKind.Lag or WindowFunctionKind.Lead => Constant(f.Args[1]),
                    WindowFunctionKind.NthValue => Constant(f.Args[1]),
                    _ => 0,
                };
                var fallback = f.Kind is WindowFunctionKind.Lag or WindowFunctionKind.Lead ? ExpressionEvaluator.EvaluateConstant(f.Args[2]) : null;
                return new WindowFunctionSpec(Enum.Parse<WindowOp>(f.Kind.ToString()), argument, frame, f.Type, parameter, fallback);
            default:
                throw PhysicalPlanner.Unsupported($"'{call.Function}' cannot be computed over a window");
        }
    }

    private static int Constant(Expr e) => (int)ExpressionEvaluator.EvaluateConstant(e).Value!;
}
