using CacheSync.Contracts;

namespace CacheSync.Reliability.HostileInput;

/// <summary>An event that keeps the contract, the shape a producer gave it, and the spelling it was rendered in.</summary>
internal sealed record ValidEvent(WriteEvent Event, EventShape Shape, int Style)
{
    public byte[] Body() => Shape.Render(Style);

    public override string ToString() => $"style {Style}: {Shape}";
}
