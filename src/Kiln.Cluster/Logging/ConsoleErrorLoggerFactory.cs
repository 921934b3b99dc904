using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Logging;

/// <summary>
/// A minimal logger factory writing one line per message to standard error: executor processes log there (the
/// driver keeps the tail of each executor's output for error messages), and a cluster driver logs its warnings there.
/// </summary>
/// <remarks>Thread-safe: each message is written with one call on the synchronized <see cref="Console.Error"/>.</remarks>
public sealed class ConsoleErrorLoggerFactory : ILoggerFactory
{
    private readonly LogLevel _minimum;
    private readonly string _prefix;

    /// <param name="prefix">Put in front of every line, such as "executor 3".</param>
    public ConsoleErrorLoggerFactory(LogLevel minimum, string prefix)
    {
        _minimum = minimum;
        _prefix = prefix;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("this factory writes to standard error only");

    public void Dispose()
    {
    }

    private sealed class Logger(ConsoleErrorLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {Level(logLevel)} {factory._prefix} {category}: {formatter(state, exception)}";
            Console.Error.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "TRACE",
            LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARN",
            LogLevel.Error => "ERROR",
            _ => "CRIT",
        };
    }
}
