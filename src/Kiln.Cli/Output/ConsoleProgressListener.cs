using System.Collections.Concurrent;
using Kiln.Scheduler.Events;
using Spectre.Console;

namespace Kiln.Cli.Output;

/// <summary>
/// Draws one progress bar per running stage on the terminal (standard error), as Spark's console progress bar.
/// Only used when standard error is a terminal, so piped output stays clean.
/// </summary>
public sealed class ConsoleProgressListener : IJobListener, IDisposable
{
    private readonly ConcurrentDictionary<int, (string Name, int Total, int Done)> _stages = new();
    private readonly IAnsiConsole _console;
    private readonly Timer _timer;
    private int _lines;

    public ConsoleProgressListener()
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _timer = new Timer(_ => Render(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
    }

    public static bool IsTerminal => !Console.IsErrorRedirected;

    public void OnStageSubmitted(int stageId, string description, int taskCount) =>
        _stages[stageId] = (description.Length > 40 ? description[..40] : description, taskCount, 0);

    public void OnTaskEnded(int stageId, bool succeeded)
    {
        if (succeeded)
        {
            _stages.AddOrUpdate(stageId, (string.Empty, 0, 1), (_, s) => (s.Name, s.Total, s.Done + 1));
        }
    }

    public void OnStageCompleted(int stageId) => _stages.TryRemove(stageId, out _);

    private void Render()
    {
        lock (_timer)
        {
            Clear();
            foreach (var (id, s) in _stages.OrderBy(kv => kv.Key))
            {
                var width = 30;
                var filled = s.Total == 0 ? 0 : Math.Min(width, s.Done * width / s.Total);
                _console.MarkupLine($"[grey]Stage {id}:[/] [green]{new string('=', filled)}[/]{new string(' ', width - filled)} ({s.Done} / {s.Total}) [grey]{Markup.Escape(s.Name)}[/]");
                _lines++;
            }
        }
    }

    private void Clear()
    {
        for (; _lines > 0; _lines--)
        {
            Console.Error.Write("\u001b[1A\u001b[2K");
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_timer)
        {
            Clear();
        }
    }
}
