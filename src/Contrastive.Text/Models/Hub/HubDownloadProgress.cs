namespace Contrastive.Text.Models.Hub;

/// <summary>
/// Progress of one file of a snapshot: <see cref="BytesDone"/> of <see cref="TotalBytes"/> (null when the server did
/// not say); <see cref="FromCache"/> when the blob was already there (or another process finished it) and nothing was
/// downloaded; <see cref="WaitingForOtherProcess"/> while another process holds the blob's download lock.
/// </summary>
public readonly record struct HubDownloadProgress(string File, long BytesDone, long? TotalBytes, bool FromCache = false,
                                                  bool WaitingForOtherProcess = false);
