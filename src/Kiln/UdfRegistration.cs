using System.Collections.Concurrent;
using Kiln.Common.Types;
using Kiln.Execution.UserCode;
using Kiln.Plan.Expressions;
using Kiln.Plan.UserCode;

namespace Kiln;

/// <summary>
/// A session's named UDFs (<c>session.Udf</c>): registered functions can be called by name from SQL
/// (<c>SELECT shout(name) FROM people</c>); <c>Register</c> also returns the function for DataFrame expressions.
/// </summary>
/// <remarks>Thread-safe. Registering a name again replaces the function for queries planned afterwards; names are case-insensitive and take precedence over built-in functions.</remarks>
public sealed class UdfRegistration : IUserFunctionCatalog
{
    private readonly ConcurrentDictionary<string, UserFunction> _functions = new(StringComparer.OrdinalIgnoreCase);

    internal UdfRegistration()
    {
    }

    public IReadOnlyCollection<string> Names => _functions.Keys.ToArray();

    public Func<Column, Column> Register<T1, TResult>(string name, Func<T1, TResult> lambda, DataType? returnType = null)
    {
        var f = Add(name, lambda, returnType);
        return a => Call(f, a);
    }

    public Func<Column, Column, Column> Register<T1, T2, TResult>(string name, Func<T1, T2, TResult> lambda, DataType? returnType = null)
    {
        var f = Add(name, lambda, returnType);
        return (a, b) => Call(f, a, b);
    }

    public Func<Column, Column, Column, Column> Register<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> lambda, DataType? returnType = null)
    {
        var f = Add(name, lambda, returnType);
        return (a, b, c) => Call(f, a, b, c);
    }

    public Func<Column, Column, Column, Column, Column> Register<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, TResult> lambda, DataType? returnType = null)
    {
        var f = Add(name, lambda, returnType);
        return (a, b, c, d) => Call(f, a, b, c, d);
    }

    /// <summary>Removes a registered function; returns whether it existed.</summary>
    public bool Unregister(string name) => _functions.TryRemove(name, out _);

    UserFunction? IUserFunctionCatalog.Lookup(string name) => _functions.TryGetValue(name, out var f) ? f : null;

    private UserFunction Add(string name, Delegate lambda, DataType? returnType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var function = UserFunctions.Create(lambda, name, returnType);
        _functions[name] = function;
        return function;
    }

    private static Column Call(UserFunction f, params Column[] args) => new(f.Call(args.Select(a => a.Expr).ToArray<Expr>()));
}
