using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Common.Errors;
using Kiln.Execution.Physical;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Runs one typed operator over a partition: decodes input rows into objects with <see cref="ObjectCodec{T}"/>,
/// calls the lambda and encodes the results into batches of the output schema. One generic subclass per kind,
/// created per task for the lambda's CLR types.
/// </summary>
internal abstract class ObjectRunner
{
    protected ObjectRunner(string operation, string source)
    {
        Operation = operation;
        Source = source;
    }

    protected string Operation { get; }

    protected string Source { get; }

    /// <summary>Deserializes the spec's lambda (with the task's loader) and creates the runner for its kind and types.</summary>
    public static ObjectRunner Create(ObjectOperatorSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var lambda = ClosureSerializer.Deserialize(spec.Closure, UserCodeTaskScope.CurrentLoader);
        var (definition, args, operation) = spec.Kind switch
        {
            ObjectOperatorKind.Map => (typeof(MapRunner<,>), new[] { spec.Input, spec.Output }, "Dataset.Select"),
            ObjectOperatorKind.Filter => (typeof(FilterRunner<>), new[] { spec.Input }, "Dataset.Where"),
            ObjectOperatorKind.ForEach => (typeof(ForEachRunner<>), new[] { spec.Input }, "Dataset.ForEach"),
            ObjectOperatorKind.FlatMap => (typeof(FlatMapRunner<,>), new[] { spec.Input, spec.Output }, "Dataset.SelectMany"),
            ObjectOperatorKind.MapPartitions => (typeof(MapPartitionsRunner<,>), new[] { spec.Input, spec.Output }, "Dataset.MapPartitions"),
            ObjectOperatorKind.AppendColumns => (typeof(AppendColumnsRunner<,>), new[] { spec.Input, spec.Key! }, "key selector"),
            ObjectOperatorKind.MapGroups => (typeof(MapGroupsRunner<,,>), new[] { spec.Key!, spec.Input, spec.Output }, "MapGroups"),
            ObjectOperatorKind.FlatMapGroups => (typeof(FlatMapGroupsRunner<,,>), new[] { spec.Key!, spec.Input, spec.Output }, "FlatMapGroups"),
            ObjectOperatorKind.ReduceGroups => (typeof(ReduceGroupsRunner<,>), new[] { spec.Key!, spec.Input }, "ReduceGroups"),
            _ => throw new InvalidDataException($"unknown typed operator kind {spec.Kind}"),
        };
        return (ObjectRunner)Activator.CreateInstance(definition.MakeGenericType(args), lambda, operation, source)!;
    }

    /// <summary>Transforms a partition's batches; <paramref name="input"/> has the columns of the input type (grouping runners: values, then key).</summary>
    public abstract IEnumerable<RecordBatch> Run(IEnumerable<RecordBatch> input, Schema inputSchema, Schema outputSchema, TaskContext context);

    /// <summary>Runs user code, turning its exceptions into a <see cref="UserCodeException"/> that names the operation and the input.</summary>
    protected TResult Call<TResult>(Func<TResult> body, object? input)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not (OperationCanceledException or KilnException or UserCodeException))
        {
            throw new UserCodeException(Operation, Source, UserCodeTaskScope.Current?.Partition ?? -1, UserCodeException.Format(input), e);
        }
    }

    protected static IReadOnlyList<DataType> Types(Schema schema, int offset, int count) =>
        schema.Fields.Skip(offset).Take(count).Select(f => f.Type).ToArray();

    /// <summary>Collects encoded objects into batches of the output schema, flushing at the task's batch size.</summary>
    protected sealed class BatchAppender<T>
    {
        private readonly ObjectCodec<T> _codec;
        private readonly Schema _schema;
        private readonly int _batchSize;
        private readonly VectorBuilder[] _builders;
        private int _rows;

        public BatchAppender(Schema schema, int batchSize)
        {
            _schema = schema;
            _batchSize = Math.Max(1, batchSize);
            _codec = ObjectCodec<T>.For(schema.Fields.Select(f => f.Type).ToArray());
            _builders = _codec.NewBuilders(Math.Min(_batchSize, 1024));
        }

        public bool Full => _rows >= _batchSize;

        public void Add(T value)
        {
            _codec.Write(value, _builders, 0);
            _rows++;
        }

        /// <summary>The rows added since the last flush, or null when there are none.</summary>
        public RecordBatch? Flush()
        {
            if (_rows == 0)
            {
                return null;
            }

            var batch = new RecordBatch(_schema, _builders.Select(b => b.Build()).ToArray(), _rows);
            _rows = 0;
            return batch;
        }
    }
}
