namespace Kiln.Plan.UserCode;

/// <summary>The functions a session registered by name (<c>session.Udf.Register</c>), visible to SQL.</summary>
public interface IUserFunctionCatalog
{
    UserFunction? Lookup(string name);
}
