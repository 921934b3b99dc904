using Kiln.Common.Types;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Sql.Tests;

/// <summary>An in-memory catalog with two empty tables: orders and customers.</summary>
internal sealed class TestCatalog : ISqlCatalog
{
    private readonly Dictionary<string, LogicalPlan> _tables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["orders"] = Table(("o_id", DataType.Int32), ("cust_id", DataType.Int32), ("amount", DataType.Decimal(10, 2)), ("o_date", DataType.Date), ("status", DataType.String)),
        ["customers"] = Table(("c_id", DataType.Int32), ("name", DataType.String), ("region", DataType.String)),
    };

    public IEnumerable<string> TableNames => _tables.Keys;

    public LogicalPlan? LookupTable(string name) => _tables.GetValueOrDefault(name);

    public void Register(string name, LogicalPlan plan) => _tables[name] = plan;

    public static SqlPlanner Planner() => new(new TestCatalog());

    private static LocalRelation Table(params (string Name, DataType Type)[] columns) =>
        new(columns.Select(c => new AttributeRef(c.Name, ExprIds.Next(), c.Type, true)).ToArray(), []);
}
