using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Cluster.Kubernetes.Submission;
using Kiln.Common.Errors;
using Kiln.Staging.Client;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>
/// Files staged on the resource staging server: what the submission plans (paths in the pods, refusals), and how the
/// driver and executor pods mount the bundle's Secret and directory so that both fetch the same bundle.
/// </summary>
public sealed class StagedBundleTests
{
    private const string Server = "kiln.kubernetes.stagingServer.uri";

    [Fact]
    public void The_application_and_its_files_land_under_the_staged_directory_and_local_files_stay_where_they_are()
    {
        using var app = new TempFile("App.dll", "app");
        using var input = new TempFile("input.csv", "a,b");
        var plan = Plan([(Server, "http://staging.example:10000")], app.Path, [input.Path, "local:///opt/data/ref.csv"]);
        Assert.NotNull(plan);
        Assert.Equal($"{PodStaging.StagedDirectory}/App.dll", plan.AppInPod);
        Assert.Equal([$"{PodStaging.StagedDirectory}/input.csv", "local:///opt/data/ref.csv"], plan.FilesInPod);
        Assert.Equal("kiln-app-driver-staging", plan.Bundle.SecretName);
        Assert.Equal("http://staging.example:10000", plan.Bundle.ServerUri);
    }

    [Fact]
    public void Pods_reach_the_server_at_its_internal_uri_when_one_is_set()
    {
        using var app = new TempFile("App.dll", "app");
        var plan = Plan([(Server, "http://localhost:10000"), ("spark.kubernetes.resourceStagingServer.internal.uri", "http://kiln-staging.kiln.svc:10000")], app.Path, []);
        Assert.Equal("http://kiln-staging.kiln.svc:10000", plan!.Bundle.ServerUri);
    }

    [Fact]
    public void Nothing_is_staged_without_a_server_or_when_everything_is_in_the_image()
    {
        using var app = new TempFile("App.dll", "app");
        Assert.Null(Plan([], app.Path, []));
        Assert.Null(Plan([(Server, "http://staging.example:10000")], "local:///opt/app/App.dll", ["local:///opt/data/a.csv"]));
    }

    [Fact]
    public void A_server_and_an_upload_path_together_a_missing_file_and_two_files_of_one_name_are_refused()
    {
        using var app = new TempFile("App.dll", "app");
        var both = Assert.Throws<ConfigException>(() => Plan([(Server, "http://s:1"), ("spark.kubernetes.file.upload.path", "/mnt/up")], app.Path, []));
        Assert.Contains("set only one", both.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ConfigException>(() => Plan([(Server, "http://s:1")], app.Path, ["/no/such/file.csv"]));
        Assert.Contains("/no/such/file.csv", missing.Message, StringComparison.Ordinal);

        using var one = new TempFile("same.csv", "1");
        using var other = new TempFile("same.csv", "2");
        var clash = Assert.Throws<ConfigException>(() => Plan([(Server, "http://s:1")], app.Path, [one.Path, other.Path]));
        Assert.Contains("two files called same.csv", clash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_driver_pod_mounts_the_bundle_creates_its_secret_and_names_it_for_the_executors()
    {
        var bundle = new StagedBundle("kiln-app-driver-staging", "http://staging.example:10000", HasCaCertificate: false);
        var conf = TestPods.Conf();
        var options = DriverPodOptions.FromConf(conf, TestPods.AppId);
        var driver = new DriverPodBuilder(options).Build(new DriverPodContext(options, $"{PodStaging.StagedDirectory}/App.dll", [], bundle), conf.Values);

        AssertMounted(driver.Pod, driver.Container, bundle.SecretName);
        var secret = Assert.Single(driver.Resources.OfType<V1Secret>());
        Assert.Equal(bundle.SecretName, secret.Metadata.Name);
        Assert.Equal([PodStaging.ResourceIdKey, PodStaging.ResourceSecretKey], secret.StringData.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(bundle.SecretName, driver.Conf["kiln.kubernetes.stagingServer.bundleSecretName"]);
        Assert.Contains("kiln.kubernetes.stagingServer.bundleSecretName=kiln-app-driver-staging", Assert.Single(driver.Resources.OfType<V1ConfigMap>()).Data.Values.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Executor_pods_of_a_staged_application_fetch_the_same_bundle_and_others_do_not()
    {
        var staged = TestPods.Build(TestPods.Options(("kiln.kubernetes.stagingServer.bundleSecretName", "kiln-app-driver-staging"), (Server, "http://staging.example:10000")));
        AssertMounted(staged.Pod, staged.Container, "kiln-app-driver-staging");
        Assert.Equal("http://staging.example:10000", staged.Container.Env(PodStaging.UriVariable).Value);

        var plain = TestPods.Build(TestPods.Options());
        Assert.DoesNotContain(plain.Container.Env ?? [], e => e.Name.StartsWith("KILN_STAGING_", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_ca_certificate_the_secret_carries_it_and_the_pods_trust_it()
    {
        var bundle = new StagedBundle("s", "https://staging.example:10000", HasCaCertificate: true);
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] } };
        bundle.Apply(pod, pod.Spec.Containers[0]);
        Assert.Equal($"{PodStaging.SecretMountPath}/{PodStaging.CaCertKey}", pod.Spec.Containers[0].Env.Single(e => e.Name == PodStaging.CaCertVariable).Value);
        Assert.Contains(pod.Spec.Volumes.Single(v => v.Secret is not null).Secret.Items, i => i.Key == PodStaging.CaCertKey);
        Assert.Equal("PEM", bundle.Secret("ns", "app", "id", "secret", "PEM").StringData[PodStaging.CaCertKey]);
    }

    private static StagedApplication? Plan((string Key, string Value)[] settings, string app, string[] files) =>
        StagedApplication.Plan(TestPods.Conf(settings), app, files, "kiln-app-driver");

    private static void AssertMounted(V1Pod pod, V1Container container, string secretName)
    {
        var secretVolume = Assert.Single(pod.Spec.Volumes, v => v.Secret?.SecretName == secretName);
        Assert.DoesNotContain(secretVolume.Secret.Items, i => i.Key == PodStaging.ResourceIdKey);
        var secretMount = Assert.Single(container.VolumeMounts, m => m.Name == secretVolume.Name);
        Assert.Equal((PodStaging.SecretMountPath, true), (secretMount.MountPath, secretMount.ReadOnlyProperty == true));
        var staged = Assert.Single(container.VolumeMounts, m => m.MountPath == PodStaging.StagedDirectory);
        Assert.NotNull(Assert.Single(pod.Spec.Volumes, v => v.Name == staged.Name).EmptyDir);
        var id = container.Env.Single(e => e.Name == PodStaging.ResourceIdVariable);
        Assert.Equal((secretName, PodStaging.ResourceIdKey), (id.ValueFrom.SecretKeyRef.Name, id.ValueFrom.SecretKeyRef.Key));
        Assert.Equal($"{PodStaging.SecretMountPath}/{PodStaging.ResourceSecretKey}", container.Env.Single(e => e.Name == PodStaging.SecretFileVariable).Value);
        Assert.Equal(PodStaging.StagedDirectory, container.Env.Single(e => e.Name == PodStaging.IntoVariable).Value);
    }
}
