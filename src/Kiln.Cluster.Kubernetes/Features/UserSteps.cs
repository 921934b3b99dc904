using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Makes the feature steps named by <c>kiln.kubernetes.executor.pod.featureSteps</c> from the application's loaded assemblies.</summary>
internal static class UserSteps
{
    private const string Key = "kiln.kubernetes.executor.pod.featureSteps";

    public static IEnumerable<IExecutorFeatureStep> Create(IReadOnlyList<string> typeNames)
    {
        foreach (var name in typeNames)
        {
            var type = Type.GetType(name)
                ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null)
                ?? throw new ConfigException(Key, $"{Key} names {name}, which no loaded assembly of the application defines; give the full name (Namespace.Type) of a public class");
            if (!typeof(IExecutorFeatureStep).IsAssignableFrom(type))
            {
                throw new ConfigException(Key, $"{Key} names {name}, which does not implement {typeof(IExecutorFeatureStep).FullName}");
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new ConfigException(Key, $"{Key} names {name}, which has no public parameterless constructor");
            }

            yield return (IExecutorFeatureStep)Activator.CreateInstance(type)!;
        }
    }
}
