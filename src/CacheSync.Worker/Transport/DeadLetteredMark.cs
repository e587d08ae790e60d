namespace CacheSync.Worker.Transport;

/// <summary>A payload on a receive context saying the message is already in the DLQ.</summary>
internal sealed class DeadLetteredMark;
