using System.Collections.Concurrent;
using Kiln.Common.Errors;
using Kiln.Common.Text;
using Kiln.Plan.Logical;

namespace Kiln;

public sealed partial class KilnSession
{
    private readonly ConcurrentDictionary<string, LogicalPlan> _views = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes a DataFrame queryable by name from SQL (Spark's createOrReplaceTempView).</summary>
    public void RegisterTempView(string name, DataFrame df)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(df);
        _views[name] = df.Plan;
    }

    public DataFrame Table(string name) =>
        _views.TryGetValue(name, out var plan)
            ? new DataFrame(this, new SubqueryAlias(name, plan))
            : throw new AnalysisException($"table or view '{name}' does not exist{NameSuggester.Hint(name, _views.Keys)}");

    public IReadOnlyCollection<string> TableNames => _views.Keys.ToArray();
}
