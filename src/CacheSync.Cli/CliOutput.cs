using Spectre.Console;

namespace CacheSync.Cli;

/// <summary>Where a command writes: tables and progress through Spectre.Console, plain lines (JSON for scripts) straight to the writer.</summary>
internal sealed class CliOutput
{
    public CliOutput(TextWriter writer)
    {
        Writer = writer;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });

        // Piped or captured, there is no window to fit: wide rows stay one line each, for grep and for logs.
        if (!IsInteractive) Console.Profile.Width = 240;
    }

    public TextWriter Writer { get; }

    public IAnsiConsole Console { get; }

    /// <summary>True on a terminal: worth drawing a progress bar.</summary>
    public bool IsInteractive => Console.Profile.Capabilities.Interactive && Console.Profile.Capabilities.Ansi;

    public void Line(string text) => Writer.WriteLine(text);
}
