using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Expressions;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Evaluates a <see cref="UserFunctionCall"/> over a batch: reads each row's arguments as the lambda's CLR types,
/// calls it and appends the result. A NULL argument for a parameter that does not accept NULL gives NULL without
/// calling the lambda. An exception from the lambda fails the task with a <see cref="UserCodeException"/> that
/// carries the function, the partition and the input.
/// </summary>
/// <remarks>
/// Compiled per operator inside the task (the closure is deserialized there, with the task's loader, so
/// accumulators join the task); evaluated by that task's thread only.
/// </remarks>
internal abstract class UdfKernel : IPhysicalExpr
{
    private readonly UserFunction _function;
    private readonly IPhysicalExpr[] _args;
    private readonly bool[] _acceptsNull;

    protected UdfKernel(UserFunction function, IPhysicalExpr[] args)
    {
        _function = function;
        _args = args;
        _acceptsNull = function.Parameters.Select(p => p.AcceptsNull).ToArray();
    }

    public DataType Type => _function.ReturnType;

    public static IPhysicalExpr Compile(UserFunctionCall call, Func<Plan.Expressions.Expr, IPhysicalExpr> compileChild)
    {
        var args = call.Args.Select(compileChild).ToArray();
        var lambda = ClosureSerializer.Deserialize(call.Function.Closure, UserCodeTaskScope.CurrentLoader);
        var invoke = lambda.GetType().GetMethod("Invoke")!;
        var types = invoke.GetParameters().Select(p => p.ParameterType).Append(invoke.ReturnType).ToArray();
        if (types.Length - 1 != args.Length)
        {
            throw new UnsupportedExpressionException($"'{call}' passes {args.Length} arguments to a lambda taking {types.Length - 1}", call.ToString());
        }

        var kernel = (types.Length - 1) switch
        {
            1 => typeof(UdfKernel<,>),
            2 => typeof(UdfKernel<,,>),
            3 => typeof(UdfKernel<,,,>),
            4 => typeof(UdfKernel<,,,,>),
            _ => throw new UnsupportedExpressionException($"'{call}' has {types.Length - 1} arguments; UDFs take 1 to {UserFunctions.MaxArity}", call.ToString()),
        };
        return (IPhysicalExpr)Activator.CreateInstance(kernel.MakeGenericType(types), call.Function, lambda, args)!;
    }

    public ColumnVector Evaluate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var vectors = new ColumnVector[_args.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = _args[i].Evaluate(batch);
        }

        var builder = VectorBuilder.Create(Type, batch.RowCount);
        for (var r = 0; r < batch.RowCount; r++)
        {
            if (SkipsNull(vectors, r))
            {
                builder.AppendNull();
                continue;
            }

            try
            {
                Invoke(vectors, r, builder);
            }
            catch (Exception e) when (e is not (OperationCanceledException or Common.Errors.KilnException))
            {
                throw new UserCodeException(
                    $"udf '{_function.Name}'",
                    _function.Source,
                    UserCodeTaskScope.Current?.Partition ?? -1,
                    UserCodeException.Format(vectors.Select(v => v.GetValue(r)).ToArray()),
                    e);
            }
        }

        return builder.Build();
    }

    protected abstract void Invoke(ColumnVector[] args, int row, VectorBuilder result);

    protected static LeafReader<T> Reader<T>(UserFunction function, IPhysicalExpr arg, int index) =>
        LeafReader.TryCreate(typeof(T), arg.Type, $"argument {index + 1} of udf '{function.Name}'") as LeafReader<T>
        ?? throw new UnsupportedExpressionException($"argument {index + 1} of udf '{function.Name}' is {arg.Type}, which cannot be read as {ClrTypes.Name(typeof(T))}", function.Name);

    protected static LeafWriter<T> Writer<T>(UserFunction function) =>
        LeafWriter.TryCreate(typeof(T), function.ReturnType, $"the result of udf '{function.Name}'") as LeafWriter<T>
        ?? throw new UnsupportedExpressionException($"udf '{function.Name}' returns {ClrTypes.Name(typeof(T))}, which cannot be stored as {function.ReturnType}", function.Name);

    private bool SkipsNull(ColumnVector[] vectors, int row)
    {
        for (var i = 0; i < vectors.Length; i++)
        {
            if (!_acceptsNull[i] && vectors[i].IsNull(row))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class UdfKernel<T1, TR>(UserFunction function, Func<T1, TR> lambda, IPhysicalExpr[] args) : UdfKernel(function, args)
{
    private readonly LeafReader<T1> _r1 = Reader<T1>(function, args[0], 0);
    private readonly LeafWriter<TR> _w = Writer<TR>(function);

    protected override void Invoke(ColumnVector[] args, int row, VectorBuilder result) =>
        _w.Write(result, lambda(_r1.Read(args[0], row)));
}

internal sealed class UdfKernel<T1, T2, TR>(UserFunction function, Func<T1, T2, TR> lambda, IPhysicalExpr[] args) : UdfKernel(function, args)
{
    private readonly LeafReader<T1> _r1 = Reader<T1>(function, args[0], 0);
    private readonly LeafReader<T2> _r2 = Reader<T2>(function, args[1], 1);
    private readonly LeafWriter<TR> _w = Writer<TR>(function);

    protected override void Invoke(ColumnVector[] args, int row, VectorBuilder result) =>
        _w.Write(result, lambda(_r1.Read(args[0], row), _r2.Read(args[1], row)));
}

internal sealed class UdfKernel<T1, T2, T3, TR>(UserFunction function, Func<T1, T2, T3, TR> lambda, IPhysicalExpr[] args) : UdfKernel(function, args)
{
    private readonly LeafReader<T1> _r1 = Reader<T1>(function, args[0], 0);
    private readonly LeafReader<T2> _r2 = Reader<T2>(function, args[1], 1);
    private readonly LeafReader<T3> _r3 = Reader<T3>(function, args[2], 2);
    private readonly LeafWriter<TR> _w = Writer<TR>(function);

    protected override void Invoke(ColumnVector[] args, int row, VectorBuilder result) =>
        _w.Write(result, lambda(_r1.Read(args[0], row), _r2.Read(args[1], row), _r3.Read(args[2], row)));
}

internal sealed class UdfKernel<T1, T2, T3, T4, TR>(UserFunction function, Func<T1, T2, T3, T4, TR> lambda, IPhysicalExpr[] args) : UdfKernel(function, args)
{
    private readonly LeafReader<T1> _r1 = Reader<T1>(function, args[0], 0);
    private readonly LeafReader<T2> _r2 = Reader<T2>(function, args[1], 1);
    private readonly LeafReader<T3> _r3 = Reader<T3>(function, args[2], 2);
    private readonly LeafReader<T4> _r4 = Reader<T4>(function, args[3], 3);
    private readonly LeafWriter<TR> _w = Writer<TR>(function);

    protected override void Invoke(ColumnVector[] args, int row, VectorBuilder result) =>
        _w.Write(result, lambda(_r1.Read(args[0], row), _r2.Read(args[1], row), _r3.Read(args[2], row), _r4.Read(args[3], row)));
}
