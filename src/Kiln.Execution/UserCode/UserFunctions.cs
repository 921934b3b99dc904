using System.Reflection;
using Kiln.Common.Types;
using Kiln.Plan.UserCode;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Builds <see cref="UserFunction"/>s from C# lambdas on the driver: serializes the closure (refusing captures that
/// cannot travel), maps parameter and result types to column types and reads the parameters' nullability
/// (<c>int?</c> and <c>string?</c> receive NULLs; <c>int</c> and non-nullable <c>string</c> make the result NULL instead).
/// </summary>
public static class UserFunctions
{
    public const int MaxArity = 4;

    public static UserFunction Create(Delegate lambda, string? name = null, DataType? returnType = null)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var invoke = lambda.GetType().GetMethod("Invoke")!;
        var parameters = invoke.GetParameters();
        var describe = name is null ? "udf" : $"udf '{name}'";
        if (parameters.Length is 0 or > MaxArity)
        {
            throw new DatasetTypeException(lambda.GetType(), $"{describe} must take 1 to {MaxArity} arguments, but takes {parameters.Length}");
        }

        var nullability = new NullabilityInfoContext();
        var methodParameters = lambda.Method.GetParameters();
        var udfParameters = parameters.Select((p, i) =>
        {
            var type = ClrTypes.TryMap(p.ParameterType)
                ?? throw new DatasetTypeException(p.ParameterType, $"parameter {i + 1} of {describe} has type {ClrTypes.Name(p.ParameterType)}; a UDF takes {ClrTypes.Supported}");
            var declared = methodParameters.Length == parameters.Length ? methodParameters[i] : p;
            return new UdfParameter(type, AcceptsNull(declared, nullability), ClrTypes.Name(p.ParameterType));
        }).ToArray();

        var result = invoke.ReturnType;
        var columnType = returnType ?? ClrTypes.TryMap(result)
            ?? throw new DatasetTypeException(result, $"{describe} returns {ClrTypes.Name(result)}; a UDF returns {ClrTypes.Supported}");
        if (LeafWriter.TryCreate(result, columnType, describe) is null)
        {
            throw new DatasetTypeException(result, $"{describe} returns {ClrTypes.Name(result)}, which cannot be stored as {columnType}");
        }

        var closure = ClosureSerializer.Serialize(lambda);
        return new UserFunction(name ?? "udf", LambdaNames.Describe(lambda.Method), closure, udfParameters, columnType, ClrTypes.CanBeNull(result));
    }

    private static bool AcceptsNull(ParameterInfo parameter, NullabilityInfoContext context)
    {
        var type = parameter.ParameterType;
        if (type.IsValueType)
        {
            return Nullable.GetUnderlyingType(type) is not null;
        }

        return context.Create(parameter).ReadState != NullabilityState.NotNull;
    }
}
