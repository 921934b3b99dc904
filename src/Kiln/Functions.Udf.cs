using Kiln.Common.Types;
using Kiln.Execution.UserCode;

namespace Kiln;

public static partial class Functions
{
    /// <summary>
    /// A user-defined function from a C# lambda, callable on columns: <c>var inc = Udf((int x) => x + 1); df.Select(inc(Col("n")))</c>.
    /// </summary>
    /// <remarks>
    /// The lambda is serialized now, with the values it captures (a later change to a captured variable is not
    /// seen); a capture that cannot be sent to executors throws <see cref="ClosureNotSerializableException"/> here.
    /// Parameter and result types map to columns as in <see cref="ClrTypes"/>; a NULL argument gives NULL unless the
    /// parameter is nullable (<c>int?</c>, <c>string?</c>). UDFs are never constant-folded.
    /// </remarks>
    /// <param name="name">Shown in plans and column names (default <c>udf</c>).</param>
    /// <param name="returnType">The result column type, when not the default for the CLR type (e.g. <c>decimal(12,2)</c>).</param>
    public static Func<Column, Column> Udf<T1, TResult>(Func<T1, TResult> lambda, string? name = null, DataType? returnType = null)
    {
        var function = UserFunctions.Create(lambda, name, returnType);
        return a => new Column(function.Call([a.Expr]));
    }

    /// <inheritdoc cref="Udf{T1, TResult}(Func{T1, TResult}, string?, DataType?)"/>
    public static Func<Column, Column, Column> Udf<T1, T2, TResult>(Func<T1, T2, TResult> lambda, string? name = null, DataType? returnType = null)
    {
        var function = UserFunctions.Create(lambda, name, returnType);
        return (a, b) => new Column(function.Call([a.Expr, b.Expr]));
    }

    /// <inheritdoc cref="Udf{T1, TResult}(Func{T1, TResult}, string?, DataType?)"/>
    public static Func<Column, Column, Column, Column> Udf<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> lambda, string? name = null, DataType? returnType = null)
    {
        var function = UserFunctions.Create(lambda, name, returnType);
        return (a, b, c) => new Column(function.Call([a.Expr, b.Expr, c.Expr]));
    }

    /// <inheritdoc cref="Udf{T1, TResult}(Func{T1, TResult}, string?, DataType?)"/>
    public static Func<Column, Column, Column, Column, Column> Udf<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> lambda, string? name = null, DataType? returnType = null)
    {
        var function = UserFunctions.Create(lambda, name, returnType);
        return (a, b, c, d) => new Column(function.Call([a.Expr, b.Expr, c.Expr, d.Expr]));
    }
}
