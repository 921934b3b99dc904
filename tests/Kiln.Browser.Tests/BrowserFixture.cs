using Microsoft.Playwright;

namespace Kiln.Browser.Tests;

/// <summary>
/// One headless Chromium for the browser tests: Debian's package (<c>chromium</c>, installed by scripts/test.sh browser),
/// driven through Playwright. Screenshots go to <c>artifacts/</c> beside the test assembly.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("KILN_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"no Chromium at {chromium}: run scripts/test.sh browser (it installs Debian's chromium) or set KILN_CHROMIUM");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
