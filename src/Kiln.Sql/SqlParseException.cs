using Kiln.Common.Errors;

namespace Kiln.Sql;

/// <summary>
/// The SQL text is malformed (or uses syntax Kiln does not support yet). The message quotes the offending line
/// with a caret under <see cref="Token"/> and says what was expected there.
/// </summary>
public sealed class SqlParseException : KilnException
{
    public SqlParseException(string problem, int line, int column, string token, string sql)
        : base(Format(problem, line, column, sql))
    {
        Problem = problem;
        Line = line;
        Column = column;
        Token = token;
    }

    /// <summary>1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token.</summary>
    public int Column { get; }

    /// <summary>The offending token as written ("end of input" at the end).</summary>
    public string Token { get; }

    /// <summary>The message without position and excerpt, e.g. "expected an expression, but found 'FROM'".</summary>
    public string Problem { get; }

    private static string Format(string problem, int line, int column, string sql) => SqlErrorText.Format("SQL syntax error", problem, line, column, sql);
}
