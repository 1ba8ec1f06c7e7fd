package io.roomsync.emulator;

/**
 * UserSigs made with Tencent's Python algorithm (hmac, hashlib, zlib, base64 with Tencent's substitutions), outside
 * this build, for the dev app 1400000000 and its dev secret key, signed at 1764000000 (2025-11-24). Fixed strings, so
 * the emulator's verifier is checked against neither its own code nor the client library's.
 */
final class TestSigs {

    /** administrator, valid ten years. */
    static final String ADMIN_10Y = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgZQAJFJrSjILEpVsjI2NDU2QwiXZOYCBQ3NzUyQFRdnpgMtME3PMXesyAkzczIMCS8rDM4KKjX1zdU3NnMp9w-JTgooM02LMDUNd8soL7ZVqgUAbTg0vg__";
    /** administrator, signed at 1700000000 for one day. */
    static final String ADMIN_EXPIRED = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgZQAJFJrSjILEpVsrIwM4EJlWTmAgUMzVEVFmemAw0vTPK1MCpKLwrzDC32Lc9xKq7w8UwLj3DMyEut0o5wDaoI8YjwTs*1SAsNtVWqBQDZ3jTd";
    /** viewer_1 (not an app admin), valid ten years. */
    static final String VIEWER = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwmWZqeWpRfGGULnilOzEgoLMFCUrQxMDKIDIpFYUZBalKlkZG5oamyGESzJzgYKG5mYmyIqLM9OBZhcEeHsYFWakBWSnWhQYVFk4FvpXWQSklSd5BEd6*hsGl5lmVvqXZFp45VnYKtUCAP3cMsM_";
    /** administrator, signed with a key of 64 zeros. */
    static final String OTHER_KEY = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgZQAJFJrSjILEpVsjI2NDU2QwiXZOYCBQ3NzUyQFRdnpgMtqHBONg42NEsuzPMtzvH2T7cI0zcrKQvKizJKdjXxtSjWT3YNLTHK803PK7dVqgUAb2o00Q__";
    /** administrator of app 1400000001. */
    static final String OTHER_APP = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgYQYAiRSa0oyCxKVbIyNjQ1NgOJQ4RLMnOBgobmZlDlUGMy04EWBFREGpkGG7mG*HiG5biHehcYlkeFmhdbJFeFF6f7GJYaOPuHWhRlRvmkp9sq1QIAZ9A0rQ__";
    /** The fixed-time vector of the Tencent reference (section 4): xiaojun, 1700000000, 15552000, Tencent's test key. */
    static final String REFERENCE_VECTOR = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUCxU1NTY3goiWZuSAxc1S1xZnpQJN9yhzNU-Q9y83Tg4vzirPLwqqcXAL8nZ1dkkr9nMtN3D3KQ5wNkjILtJ1MbJVqAa3HMfI_";

    private TestSigs() {
    }
}
