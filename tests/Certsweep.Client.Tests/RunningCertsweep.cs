using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Certsweep.Client.Tests;

/// <summary>A certsweep process still running: its output so far, a way to wait for a line, and SIGTERM (which the
/// CLI treats as Ctrl+C; SIGINT may be ignored in processes started from a background job, SIGTERM never is).</summary>
public sealed class RunningCertsweep : IDisposable
{
    private readonly Process _process;
    private readonly string[] _args;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public RunningCertsweep(Process process, string[] args)
    {
        _process = process;
        _args = args;
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new TimeoutException($"certsweep {string.Join(' ', _args)} printed no '{text}' in {clock.Elapsed.TotalSeconds:0} s (exited: {_process.HasExited}); stdout:\n{Stdout}\nstderr:\n{_stderr}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>SIGTERM, what a service manager or <c>kill</c> sends; the CLI handles it as it handles Ctrl+C.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public CertsweepProcess.Result WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"certsweep {string.Join(' ', _args)} did not exit within {timeout.TotalSeconds:0} s; stdout:\n{Stdout}");
        }

        _process.WaitForExit();
        lock (_stderr)
        {
            return new CertsweepProcess.Result(_process.ExitCode, Stdout, _stderr.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
