// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

/// @title ZkmlVerified
/// @notice Adapter between a dApp and the snarkjs Groth16 verifier of one @zkml/web model.
///
/// The snarkjs verifier returns `false` on a bad proof; this adapter turns that into a named
/// custom error, so a dApp can simply call `verify` (or inherit and call `_verifyProof`) and
/// rely on "no revert" meaning "the model produced these public signals".
///
/// The verifier's `verifyProof` takes a fixed-size `uint256[N]` array, so its selector depends
/// on N; the adapter computes it once in the constructor and forwards the calldata words
/// unchanged (selector, a, b, c, signals: all static, so plain concatenation is the ABI encoding).
///
/// Calldata convention (EIP-197): every G2 coordinate is written imaginary part first,
/// i.e. `b = [[x.c1, x.c0], [y.c1, y.c0]]` — the reverse of snarkjs's `pi_b` order.
contract ZkmlVerified {
    /// @notice The verifier returned false: the proof does not hold for these public signals.
    error InvalidProof();
    /// @notice `publicSignals.length` differs from the circuit's public signal count.
    error WrongPublicSignalCount(uint256 expected, uint256 actual);
    /// @notice Too little gas left to run the pairing check (it would fail as a false negative).
    error InsufficientGasForVerification(uint256 required, uint256 available);
    /// @notice The verifier call itself failed (no code at the verifier address, or a revert).
    error VerifierCallFailed();

    /// @notice Emitted once per accepted proof.
    /// @param modelHash The model hash from the artifacts' manifest.
    /// @param sender The caller of `verify`.
    /// @param publicSignalsHash `keccak256(abi.encodePacked(publicSignals))`.
    event InferenceVerified(bytes32 indexed modelHash, address indexed sender, bytes32 publicSignalsHash);

    /// @notice The snarkjs Groth16 verifier of the model.
    address public immutable verifier;
    /// @notice The model hash from the manifest (a label bound to `verifier` by the deployer).
    bytes32 public immutable modelHash;
    /// @notice Number of public signals the verifier expects.
    uint256 public immutable publicSignalCount;

    bytes4 private immutable _selector;
    uint256 private immutable _minGas;

    constructor(address verifier_, bytes32 modelHash_, uint256 publicSignalCount_) {
        verifier = verifier_;
        modelHash = modelHash_;
        publicSignalCount = publicSignalCount_;
        _selector = bytes4(
            keccak256(
                abi.encodePacked(
                    "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[",
                    _decimal(publicSignalCount_),
                    "])"
                )
            )
        );
        // Pairing of 4 points (181k) + one ecMul/ecAdd per signal (6.15k) + margin for the
        // verifier's own code and the 63/64 rule on the forwarded gas.
        _minGas = 200_000 + 7_000 * publicSignalCount_;
    }

    /// @notice Checks a proof and emits `InferenceVerified`; reverts with a named error otherwise.
    /// @return publicSignalsHash `keccak256(abi.encodePacked(publicSignals))`.
    function verify(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[] calldata publicSignals
    ) external returns (bytes32 publicSignalsHash) {
        publicSignalsHash = _verifyProof(a, b, c, publicSignals);
        emit InferenceVerified(modelHash, msg.sender, publicSignalsHash);
    }

    /// @notice Checks a proof for this model; reverts with a named error unless it is valid.
    /// @dev For contracts that inherit the adapter and decode the public signals themselves.
    /// @return signalsHash `keccak256(abi.encodePacked(publicSignals))`.
    function _verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[] calldata publicSignals
    ) internal view returns (bytes32 signalsHash) {
        uint256 n = publicSignals.length;
        if (n != publicSignalCount) revert WrongPublicSignalCount(publicSignalCount, n);
        if (gasleft() < _minGas) revert InsufficientGasForVerification(_minGas, gasleft());
        address target = verifier;
        bytes4 selector = _selector;
        bool called;
        bool valid;
        assembly ("memory-safe") {
            // Temporary memory past the free pointer: selector | a | b | c | signals.
            let p := mload(0x40)
            mstore(p, selector)
            calldatacopy(add(p, 4), a, 64)
            calldatacopy(add(p, 68), b, 128)
            calldatacopy(add(p, 196), c, 64)
            let size := shl(5, n)
            calldatacopy(add(p, 260), publicSignals.offset, size)
            // Yul evaluates arguments right to left: read returndatasize() only after the call.
            called := staticcall(gas(), target, p, add(260, size), 0x00, 0x20)
            called := and(called, eq(returndatasize(), 0x20))
            valid := eq(mload(0x00), 1)
            signalsHash := keccak256(add(p, 260), size)
        }
        if (!called) revert VerifierCallFailed();
        if (!valid) revert InvalidProof();
    }

    /// @dev Decimal digits of `value` (used once, for the verifier's function signature).
    function _decimal(uint256 value) private pure returns (bytes memory out) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) digits++;
        out = new bytes(digits);
        for (; value != 0; value /= 10) out[--digits] = bytes1(uint8(48 + (value % 10)));
    }
}
