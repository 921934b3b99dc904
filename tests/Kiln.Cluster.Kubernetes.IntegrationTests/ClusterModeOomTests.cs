namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// A driver pod over its memory limit is killed by the kernel, and <c>kiln submit</c> says so. Kiln's own driver keeps
/// its heap under the GC's hard limit (a managed OutOfMemoryException, not a kill), so what exceeds the pod's limit in
/// practice is memory outside the heap; here the driver container's command (set by a pod template, as a platform
/// team's wrapper would be) allocates it, and the kernel's OOM killer of the test node ends it for real.
/// </summary>
public sealed partial class ClusterModeTests
{
    [Fact]
    public async Task A_driver_killed_for_exceeding_its_memory_is_reported_as_OOMKilled_with_the_keys_to_raise()
    {
        var ns = await NamespaceWithDriverAccountAsync("oom");
        var template = Path.Combine(Directory.CreateTempSubdirectory("kiln-oom-template-").FullName, "driver.yaml");
        await File.WriteAllTextAsync(template, """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
                - name: kiln-driver
                  command: [/bin/sh, -c, "echo allocating; x=$(head -c 400000000 /dev/zero | tr '\\000' a); echo survived ${#x}"]
            """);
        try
        {
            var (code, output, errors) = await KilnAsync(Submit(
                ns, "hog", Example("Pi"), ["--conf", $"spark.kubernetes.driver.podTemplateFile={template}", "--conf", "spark.driver.memory=64m", "--conf", "spark.driver.memoryOverhead=16m"], "1"));
            Assert.True(code == 137, $"kiln submit exited with {code}:\n{errors}\n{output}");
            Assert.Contains("the driver ended with OOMKilled, exit code 137", errors, StringComparison.Ordinal);
            Assert.Contains("raise kiln.driver.memory (spark.driver.memory) or kiln.driver.memoryOverhead", errors, StringComparison.Ordinal);
            Assert.Contains("allocating", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("survived", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(template)!, recursive: true);
        }
    }
}
