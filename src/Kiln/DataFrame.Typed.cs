using Kiln.Common.Errors;
using Kiln.Execution.UserCode;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

public sealed partial class DataFrame
{
    /// <summary>
    /// Views the rows as <typeparamref name="T"/> objects: each member of <typeparamref name="T"/> takes the column of
    /// the same name (case-insensitive; nested members <c>Home.City</c> the column qualified that way), and a scalar
    /// type takes the only column. Columns may be of a type that widens losslessly into the member (int into long,
    /// decimal(10,2) into decimal). Checked now; a NULL in a non-nullable member fails when read.
    /// </summary>
    public Dataset<T> As<T>()
    {
        ObjectLayout layout;
        try
        {
            layout = ObjectLayout.For(typeof(T));
        }
        catch (DatasetTypeException e)
        {
            throw new AnalysisException(e.Message);
        }

        var output = Plan.Output;
        var name = ClrTypes.Name(typeof(T));
        AttributeRef[] columns;
        if (layout.IsScalar)
        {
            columns = output.Count == 1
                ? [output[0]]
                : throw new AnalysisException($"As<{name}>() needs a DataFrame with one column, but this one has {output.Count} ({string.Join(", ", Columns)}); select the column first");
        }
        else
        {
            columns = layout.Leaves.Select(l =>
            {
                try
                {
                    return ExpressionResolver.ResolveColumn(new ColumnRef(l.Name, l.Qualifier), output);
                }
                catch (AnalysisException e)
                {
                    throw new AnalysisException($"As<{name}>() needs a column for {name}.{l.MemberPath}: {e.Message}", l.MemberPath, e.Suggestions);
                }
            }).ToArray();
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var leaf = layout.Leaves[i];
            if (LeafReader.TryCreate(leaf.ClrType, columns[i].Type, leaf.MemberPath) is null)
            {
                throw new AnalysisException($"As<{name}>(): column '{columns[i].Name}' is {columns[i].Type}, which cannot be read as {ClrTypes.Name(leaf.ClrType)} ({name}.{leaf.MemberPath}); cast it first", columns[i].Name);
            }
        }

        var same = columns.Length == output.Count && columns.Select((c, i) => c.Id == output[i].Id).All(x => x);
        return new Dataset<T>(Session, same ? Plan : new Project(columns, Plan));
    }
}
