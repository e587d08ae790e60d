namespace CacheSync.Testing.CqlPeer;

/// <summary>Frame opcodes of the native protocol v4 (spec section 2.4). There is no 0x04 in v4.</summary>
public static class CqlOpcode
{
    public const byte Error = 0x00;
    public const byte Startup = 0x01;
    public const byte Ready = 0x02;
    public const byte Authenticate = 0x03;
    public const byte Options = 0x05;
    public const byte Supported = 0x06;
    public const byte Query = 0x07;
    public const byte Result = 0x08;
    public const byte Prepare = 0x09;
    public const byte Execute = 0x0A;
    public const byte Register = 0x0B;
    public const byte Event = 0x0C;
    public const byte Batch = 0x0D;
    public const byte AuthChallenge = 0x0E;
    public const byte AuthResponse = 0x0F;
    public const byte AuthSuccess = 0x10;

    /// <summary>Readable name for test output and hex dumps.</summary>
    public static string Name(byte opcode) => opcode switch
    {
        Error => "ERROR",
        Startup => "STARTUP",
        Ready => "READY",
        Authenticate => "AUTHENTICATE",
        Options => "OPTIONS",
        Supported => "SUPPORTED",
        Query => "QUERY",
        Result => "RESULT",
        Prepare => "PREPARE",
        Execute => "EXECUTE",
        Register => "REGISTER",
        Event => "EVENT",
        Batch => "BATCH",
        AuthChallenge => "AUTH_CHALLENGE",
        AuthResponse => "AUTH_RESPONSE",
        AuthSuccess => "AUTH_SUCCESS",
        _ => $"0x{opcode:X2}",
    };
}
