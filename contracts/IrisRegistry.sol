// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";

/// @notice The snarkjs Groth16 verifier of the @zkml/web identity circuit (4 public signals).
interface IIdentityVerifier {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[4] calldata publicSignals
    ) external view returns (bool);
}

/// @title IrisRegistry
/// @notice Proof of personhood from an iris code, after World ID's design: the issuer enrolls
/// `leaf = Poseidon(template, salt, Poseidon(secret))` in a Lean incremental Merkle tree
/// (the LeanIMT of zk-kit's lean-imt.sol, PoseidonT3 from poseidon-solidity); a holder proves in zero
/// knowledge that a fresh capture matches an enrolled template and spends one nullifier
/// `Poseidon(scope, secret)` per scope. The biometric, template, salt and secret never reach the chain.
///
/// Public signals of the identity circuit, in order: `[root, nullifier, scope, message]`.
/// Proof layout (`uint256[8]`): `[a.x, a.y, b.x.c1, b.x.c0, b.y.c1, b.y.c0, c.x, c.y]` (EIP-197 G2
/// order, imaginary part first, as `toCalldata` writes it).
contract IrisRegistry {
    using InternalLeanIMT for LeanIMTData;

    /// @notice The caller is not the issuer.
    error NotIssuer(address caller);
    /// @notice `root` was never a root of this registry's tree.
    error UnknownRoot(uint256 root);
    /// @notice `root` is an old root whose validity window has passed.
    error RootExpired(uint256 root);
    /// @notice This identity already proved in this scope.
    error NullifierUsed(uint256 scope, uint256 nullifier);
    /// @notice The Groth16 verifier rejected the proof for these public signals.
    error InvalidProof();
    /// @notice The tree would outgrow the circuit's Merkle depth.
    error TreeFull();
    /// @notice Too little gas left to run the pairing check (it would fail as a false negative).
    error InsufficientGasForVerification(uint256 required, uint256 available);

    /// @notice A leaf was enrolled; `root` is the new root, `index` its position.
    event Enrolled(uint256 indexed leaf, uint256 index, uint256 root);
    /// @notice A holder proved personhood in `scope`, bound to `message`.
    event Verified(uint256 indexed scope, uint256 indexed nullifier, uint256 message, uint256 root);
    /// @notice The issuer role moved.
    event IssuerChanged(address indexed previousIssuer, address indexed newIssuer);

    /// @notice Maximum tree depth (the identity circuit's Merkle depth): 2^16 identities.
    uint256 public constant MAX_DEPTH = 16;
    /// @dev Gas the verifier needs: pairing (181k) + 4 ecMul/ecAdd + its own code, with margin for 63/64.
    uint256 private constant MIN_VERIFY_GAS = 240_000;

    /// @notice The Groth16 verifier of the identity circuit.
    IIdentityVerifier public immutable verifier;
    /// @notice How long an old root stays usable after it is replaced (seconds; 0 = forever).
    uint256 public immutable rootValidity;
    /// @notice The account allowed to enroll.
    address public issuer;

    LeanIMTData internal _tree;
    /// @notice When each root stopped being the current root (0 while current or unknown).
    mapping(uint256 root => uint256 replacedAt) public rootReplacedAt;
    /// @notice Whether a root was ever a root of the tree.
    mapping(uint256 root => bool) public isRoot;
    /// @notice Spent nullifiers by scope.
    mapping(uint256 scope => mapping(uint256 nullifier => bool)) public nullifierUsed;

    constructor(IIdentityVerifier verifier_, address issuer_, uint256 rootValidity_) {
        verifier = verifier_;
        issuer = issuer_;
        rootValidity = rootValidity_;
        emit IssuerChanged(address(0), issuer_);
    }

    modifier onlyIssuer() {
        if (msg.sender != issuer) revert NotIssuer(msg.sender);
        _;
    }

    /// @notice Enrolls one identity leaf (issuer only). Reverts on a zero, out-of-field or repeated leaf.
    /// @return newRoot The tree's root after the insertion.
    function enroll(uint256 leaf) external onlyIssuer returns (uint256 newRoot) {
        uint256 size = _tree.size;
        if (size >= 2 ** MAX_DEPTH) revert TreeFull();
        uint256 oldRoot = _tree._root();
        newRoot = _tree._insert(leaf);
        if (oldRoot != 0) rootReplacedAt[oldRoot] = block.timestamp;
        isRoot[newRoot] = true;
        emit Enrolled(leaf, size, newRoot);
    }

    /// @notice Moves the issuer role (issuer only).
    function setIssuer(address newIssuer) external onlyIssuer {
        emit IssuerChanged(issuer, newIssuer);
        issuer = newIssuer;
    }

    /// @notice Checks a personhood proof and spends its nullifier; emits `Verified`.
    /// @dev Reverts with `UnknownRoot`, `RootExpired`, `NullifierUsed` or `InvalidProof`.
    function verifyPersonhood(uint256[8] calldata proof, uint256 root, uint256 nullifier, uint256 scope, uint256 message)
        external
    {
        if (!isRoot[root]) revert UnknownRoot(root);
        uint256 replacedAt = rootReplacedAt[root];
        if (replacedAt != 0 && rootValidity != 0 && block.timestamp > replacedAt + rootValidity) revert RootExpired(root);
        if (nullifierUsed[scope][nullifier]) revert NullifierUsed(scope, nullifier);
        if (gasleft() < MIN_VERIFY_GAS) revert InsufficientGasForVerification(MIN_VERIFY_GAS, gasleft());
        bool ok = verifier.verifyProof(
            [proof[0], proof[1]],
            [[proof[2], proof[3]], [proof[4], proof[5]]],
            [proof[6], proof[7]],
            [root, nullifier, scope, message]
        );
        if (!ok) revert InvalidProof();
        nullifierUsed[scope][nullifier] = true;
        emit Verified(scope, nullifier, message, root);
    }

    /// @notice The current root (0 while the tree is empty).
    function root() external view returns (uint256) {
        return _tree._root();
    }

    /// @notice Number of enrolled leaves.
    function size() external view returns (uint256) {
        return _tree.size;
    }

    /// @notice Current depth of the tree.
    function depth() external view returns (uint256) {
        return _tree.depth;
    }

    /// @notice Whether `leaf` is enrolled.
    function has(uint256 leaf) external view returns (bool) {
        return _tree._has(leaf);
    }

    /// @notice Position of an enrolled leaf (reverts with `LeafDoesNotExist` otherwise).
    function indexOf(uint256 leaf) external view returns (uint256) {
        return _tree._indexOf(leaf);
    }
}
