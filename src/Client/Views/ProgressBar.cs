namespace Certsweep.Client.Views;

/// <summary>A progress bar as text: block characters on a terminal (<c>█████░░░░░</c>), ASCII elsewhere (<c>#####-----</c>).</summary>
public static class ProgressBar
{
    public const int Width = 10;

    public static string Render(double fraction, bool unicode)
    {
        var filled = (int)Math.Floor(Math.Clamp(fraction, 0, 1) * Width);
        return unicode
            ? new string('█', filled) + new string('░', Width - filled)
            : new string('#', filled) + new string('-', Width - filled);
    }
}
