using Kiln.Execution.UserCode;
using Kiln.Plan.UserCode;

namespace Kiln;

public sealed partial class Dataset<T>
{
    /// <summary>Runs the query and returns every element to the driver.</summary>
    public IReadOnlyList<T> Collect() => CollectAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task<IReadOnlyList<T>> CollectAsync(CancellationToken cancellationToken)
    {
        var batches = await ToDF().CollectBatchesAsync(cancellationToken).ConfigureAwait(false);
        var codec = ObjectCodec<T>.For(Schema.Fields.Select(f => f.Type).ToArray());
        var items = new List<T>(batches.Sum(b => b.RowCount));
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                items.Add(codec.Read(batch.Columns, 0, r));
            }
        }

        return items;
    }

    public List<T> ToList() => [.. Collect()];

    public long Count() => ToDF().Count();

    public IReadOnlyList<T> Take(int n) => Limit(n).Collect();

    /// <summary>The first element; throws when the Dataset is empty.</summary>
    public T First() => Take(1) is { Count: > 0 } items ? items[0] : throw new InvalidOperationException("the Dataset is empty");

    /// <summary>Runs <paramref name="action"/> on every element, on the executors (for side effects such as accumulators).</summary>
    public void ForEach(Action<T> action)
    {
        var (description, spec) = Spec(ObjectOperatorKind.ForEach, typeof(T), null, action);
        new DataFrame(Session, new ObjectOperator(ObjectOperatorKind.ForEach, description, spec, [], Plan)).Count();
    }

    public void Show(int n = 20, bool truncate = true) => ToDF().Show(n, truncate);

    public string ShowString(int n = 20, bool truncate = true) => ToDF().ShowString(n, truncate);

    public string ExplainString(bool extended = true) => ToDF().ExplainString(extended);
}
