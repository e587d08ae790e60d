namespace CacheSync.Testing.CqlPeer;

/// <summary>ERROR codes of spec section 9 (the ones the peer can produce).</summary>
public static class CqlErrorCode
{
    public const int ServerError = 0x0000;
    public const int ProtocolError = 0x000A;
    public const int BadCredentials = 0x0100;
    public const int Unavailable = 0x1000;
    public const int Overloaded = 0x1001;
    public const int IsBootstrapping = 0x1002;
    public const int TruncateError = 0x1003;
    public const int WriteTimeout = 0x1100;
    public const int ReadTimeout = 0x1200;
    public const int SyntaxError = 0x2000;
    public const int Unauthorized = 0x2100;
    public const int Invalid = 0x2200;
    public const int ConfigError = 0x2300;
    public const int AlreadyExists = 0x2400;
    public const int Unprepared = 0x2500;
}
