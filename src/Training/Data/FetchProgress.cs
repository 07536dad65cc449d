namespace Certsweep.Training.Data;

/// <summary>Bytes of one file received so far (of <paramref name="Total"/> when the server said), or that
/// the file was already there with the right checksum.</summary>
public sealed record FetchProgress(string File, long Received, long? Total, bool AlreadyPresent);
