using System.Diagnostics.CodeAnalysis;

namespace CacheSync.Contracts;

/// <summary>Either a valid event or the precise reason the bytes are not one.</summary>
public readonly record struct DecodeResult
{
    private DecodeResult(WriteEvent? writeEvent, ContractViolation? violation)
    {
        Event = writeEvent;
        Violation = violation;
    }

    public WriteEvent? Event { get; }

    public ContractViolation? Violation { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Violation))]
    public bool IsValid => Event is not null;

    public static DecodeResult Valid(WriteEvent writeEvent) => new(writeEvent, null);

    public static DecodeResult Invalid(string reason, string detail) => new(null, new ContractViolation(reason, detail));
}
