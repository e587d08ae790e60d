namespace CacheSync.Contracts;

/// <summary>Why a message is not a valid v1 write event: a stable reason code plus a human-readable detail.</summary>
public sealed record ContractViolation(string Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
