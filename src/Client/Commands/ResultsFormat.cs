namespace Certsweep.Client.Commands;

/// <summary><c>sweep results --format</c>: a table for people, CSV for spreadsheets, JSON (every epoch) for scripts,
/// Markdown for documents.</summary>
public enum ResultsFormat
{
    Table,
    Csv,
    Json,
    Markdown,
}
