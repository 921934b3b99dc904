using Kiln.Plan.Logical;

namespace Kiln;

public sealed partial class KilnSession
{
    /// <summary>Parses and plans a SQL query over the registered views; errors point at the offending token.</summary>
    public DataFrame Sql(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var planner = new Kiln.Sql.SqlPlanner(new ViewCatalog(this));
        return new DataFrame(this, planner.Plan(query));
    }

    private sealed class ViewCatalog : Kiln.Sql.ISqlCatalog
    {
        private readonly KilnSession _session;

        public ViewCatalog(KilnSession session) => _session = session;

        public IEnumerable<string> TableNames => _session._views.Keys;

        public LogicalPlan? LookupTable(string name) => _session._views.TryGetValue(name, out var plan) ? plan : null;
    }
}
