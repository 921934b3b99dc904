using Kiln.Common.Config;
using Kiln.Status;

namespace Kiln.Ui;

/// <summary>Where and how a UI server listens (<c>kiln.ui.*</c>).</summary>
/// <param name="Port">The first port tried; 0: any free port.</param>
/// <param name="PortRetries">How many following ports are tried when one is taken.</param>
/// <param name="ProxyBase">The path prefix behind a reverse proxy ("" for none).</param>
/// <param name="AuthToken">The token every request must carry ("" for none).</param>
public sealed record UiServerOptions(string Host, int Port, int PortRetries, string ProxyBase, string AuthToken)
{
    public static UiServerOptions FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new UiServerOptions(
            conf.Get(MonitoringConfigKeys.UiHost),
            conf.Get(MonitoringConfigKeys.UiPort),
            conf.Get(MonitoringConfigKeys.UiPortMaxRetries),
            conf.Get(MonitoringConfigKeys.UiProxyBase),
            conf.Get(MonitoringConfigKeys.UiAuthToken));
    }
}
