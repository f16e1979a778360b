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
/// Guarantees (given a sound verification key):
/// - Sender binding: the proof's public `message` must equal `msg.sender` (as a uint160), so a
///   proof seen in the mempool cannot be submitted by anyone else; `Verified` names the sender.
/// - One nullifier per identity and scope: a second proof in the same scope reverts.
/// - Bounded root history: a proof must use the current root or one of the last
///   `ROOT_HISTORY_SIZE - 1` replaced roots, replaced less than `rootValidity` seconds ago.
/// Not guaranteed: liveness of the capture, uniqueness of irises at enrollment (the issuer's job),
/// revocation of an enrolled leaf (there is none). See SECURITY.md, "Proof of personhood".
///
/// Public signals of the identity circuit, in order: `[root, nullifier, scope, message]`.
/// Proof layout (`uint256[8]`): `[a.x, a.y, b.x.c1, b.x.c0, b.y.c1, b.y.c0, c.x, c.y]` (EIP-197 G2
/// order, imaginary part first, as `toCalldata` writes it).
contract IrisRegistry {
    using InternalLeanIMT for LeanIMTData;

    /// @notice The caller is not the issuer.
    error NotIssuer(address caller);
    /// @notice The caller is not the proposed issuer (or none is proposed).
    error NotPendingIssuer(address caller);
    /// @notice There is no proposed issuer to cancel.
    error NoPendingIssuer();
    /// @notice The issuer cannot be the zero address (it would stop enrollment for good).
    error ZeroIssuer();
    /// @notice The proof's `message` is not the sender's address: proofs are bound to whoever submits them.
    error MessageNotSender(uint256 message, address sender);
    /// @notice `root` was never a root of this registry's tree.
    error UnknownRoot(uint256 root);
    /// @notice `root` is an old root outside the root history (too many newer roots, or replaced too long ago).
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
    /// @notice A holder proved personhood in `scope`; `message` is the submitting account (uint160).
    event Verified(uint256 indexed scope, uint256 indexed nullifier, uint256 message, uint256 root);
    /// @notice The issuer proposed `pendingIssuer` as its successor (it becomes issuer when it accepts).
    event IssuerTransferStarted(address indexed issuer, address indexed pendingIssuer);
    /// @notice The issuer withdrew its proposal of `pendingIssuer`.
    event IssuerTransferCancelled(address indexed issuer, address indexed pendingIssuer);
    /// @notice The issuer role moved (at deployment, `previousIssuer` is zero).
    event IssuerChanged(address indexed previousIssuer, address indexed newIssuer);

    /// @notice Maximum tree depth (the identity circuit's Merkle depth): 2^16 identities.
    uint256 public constant MAX_DEPTH = 16;
    /// @notice How many roots are accepted: the current one and the 31 before it (if still within `rootValidity`).
    uint256 public constant ROOT_HISTORY_SIZE = 32;
    /// @dev Gas the verifier needs: pairing (181k) + 4 ecMul/ecAdd + its own code, with margin for 63/64.
    uint256 private constant MIN_VERIFY_GAS = 240_000;
    /// @dev `_rootStatus` results.
    uint8 private constant ROOT_VALID = 0;
    uint8 private constant ROOT_UNKNOWN = 1;
    uint8 private constant ROOT_EXPIRED = 2;

    /// @notice The Groth16 verifier of the identity circuit.
    IIdentityVerifier public immutable verifier;
    /// @notice How long a replaced root stays usable (seconds; 0 = only the current root is accepted).
    uint256 public immutable rootValidity;
    /// @notice The account allowed to enroll.
    address public issuer;
    /// @notice The proposed next issuer (zero when none), who must call `acceptIssuer`.
    address public pendingIssuer;

    LeanIMTData internal _tree;
    /// @notice Number of roots the tree has had (one per enrollment).
    uint256 public rootCount;
    /// @notice Position of each root among all roots, from 1 (0 = never a root).
    mapping(uint256 root => uint256 sequence) public rootSequence;
    /// @notice When each root stopped being the current root (0 while current or unknown).
    mapping(uint256 root => uint256 replacedAt) public rootReplacedAt;
    /// @notice Spent nullifiers by scope.
    mapping(uint256 scope => mapping(uint256 nullifier => bool)) public nullifierUsed;

    constructor(IIdentityVerifier verifier_, address issuer_, uint256 rootValidity_) {
        if (issuer_ == address(0)) revert ZeroIssuer();
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
        uint256 count = rootCount + 1;
        rootCount = count;
        rootSequence[newRoot] = count;
        emit Enrolled(leaf, size, newRoot);
    }

    /// @notice First step of an issuer transfer (issuer only): proposes `newIssuer`, replacing any earlier proposal.
    function proposeIssuer(address newIssuer) external onlyIssuer {
        if (newIssuer == address(0)) revert ZeroIssuer();
        pendingIssuer = newIssuer;
        emit IssuerTransferStarted(msg.sender, newIssuer);
    }

    /// @notice Withdraws the pending proposal (issuer only).
    function cancelIssuerTransfer() external onlyIssuer {
        address pending = pendingIssuer;
        if (pending == address(0)) revert NoPendingIssuer();
        pendingIssuer = address(0);
        emit IssuerTransferCancelled(msg.sender, pending);
    }

    /// @notice Second step: the proposed issuer takes the role.
    function acceptIssuer() external {
        if (msg.sender != pendingIssuer) revert NotPendingIssuer(msg.sender);
        emit IssuerChanged(issuer, msg.sender);
        issuer = msg.sender;
        pendingIssuer = address(0);
    }

    /// @notice Checks a personhood proof and spends its nullifier; emits `Verified`.
    /// @param message Must be `uint160(msg.sender)`: the proof is bound to the account that submits it.
    /// @dev Reverts with `MessageNotSender`, `UnknownRoot`, `RootExpired`, `NullifierUsed`,
    /// `InsufficientGasForVerification` or `InvalidProof`, checked in that order.
    function verifyPersonhood(uint256[8] calldata proof, uint256 root, uint256 nullifier, uint256 scope, uint256 message)
        external
    {
        if (message != uint256(uint160(msg.sender))) revert MessageNotSender(message, msg.sender);
        uint8 status = _rootStatus(root);
        if (status == ROOT_UNKNOWN) revert UnknownRoot(root);
        if (status == ROOT_EXPIRED) revert RootExpired(root);
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

    /// @notice Whether a proof against `root` would pass the root check now.
    function isValidRoot(uint256 root_) external view returns (bool) {
        return _rootStatus(root_) == ROOT_VALID;
    }

    /// @dev The current root is always valid; a replaced one while it is among the last
    /// `ROOT_HISTORY_SIZE` roots and was replaced less than `rootValidity` seconds ago.
    function _rootStatus(uint256 root_) private view returns (uint8) {
        uint256 sequence = rootSequence[root_];
        if (sequence == 0) return ROOT_UNKNOWN;
        uint256 count = rootCount;
        if (sequence == count) return ROOT_VALID;
        if (count - sequence >= ROOT_HISTORY_SIZE) return ROOT_EXPIRED;
        // Subtraction, not `replacedAt + rootValidity`: no overflow for a huge `rootValidity`.
        if (block.timestamp - rootReplacedAt[root_] >= rootValidity) return ROOT_EXPIRED;
        return ROOT_VALID;
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
