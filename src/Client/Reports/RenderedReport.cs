namespace Certsweep.Client.Reports;

/// <summary>The files a sweep report was written to: the Markdown page and the PNG plots it links.</summary>
public sealed record RenderedReport(string MarkdownPath, IReadOnlyList<string> PlotPaths);
