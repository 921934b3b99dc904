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

    /// <summary>Parses and plans a SQL query over the registered views; errors point at the offending token.</summary>
    public DataFrame Sql(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var planner = new Kiln.Sql.SqlPlanner(new ViewCatalog(this));
        using var functions = Plan.UserCode.UserFunctionScope.Enter(Udf);
        switch (planner.PlanStatement(query))
        {
            case Kiln.Sql.CreateViewStatement view:
                if (!view.Replace && _views.ContainsKey(view.Name))
                {
                    throw new Common.Errors.AnalysisException($"view '{view.Name}' already exists; use CREATE OR REPLACE TEMP VIEW to replace it");
                }

                _views[view.Name] = view.Plan;
                return new DataFrame(this, new LocalRelation([], []));
            case Kiln.Sql.CreateTableStatement table:
                CreateTable(table);
                return new DataFrame(this, new LocalRelation([], []));
            case Kiln.Sql.QueryStatement q:
                Engine.SqlTexts.AddOrUpdate(q.Plan, query);
                return new DataFrame(this, q.Plan);
            default:
                throw new NotSupportedException("unsupported SQL statement");
        }
    }

    /// <summary>Writes the query's rows (if any) as the table's files, then registers the table as a view over them.</summary>
    private void CreateTable(Kiln.Sql.CreateTableStatement table)
    {
        if (!table.Replace && _views.ContainsKey(table.Name))
        {
            throw new AnalysisException($"table or view '{table.Name}' already exists; use CREATE OR REPLACE TABLE to replace it");
        }

        if (table.Query is { } query)
        {
            var writer = new DataFrame(this, query).Write.Format(table.Format).Mode(table.Replace ? "overwrite" : "error").PartitionBy([.. table.PartitionBy]);
            foreach (var (key, value) in table.Options)
            {
                writer.Option(key, value);
            }

            writer.Save(table.Path);
        }

        _views[table.Name] = Read.Format(table.Format).Options(table.Options).Load(table.Path).Plan;
    }

    private sealed class ViewCatalog : Kiln.Sql.ISqlCatalog
    {
        private readonly KilnSession _session;

        public ViewCatalog(KilnSession session) => _session = session;

        public IEnumerable<string> TableNames => _session._views.Keys;

        public LogicalPlan? LookupTable(string name) => _session._views.TryGetValue(name, out var plan) ? plan : null;

        public LogicalPlan ReadFiles(string format, string path) => _session.Read.Format(format).Load(path).Plan;
    }
}
